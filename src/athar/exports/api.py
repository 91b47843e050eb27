"""REST endpoints of exports (under /api/exports/): the same workflow as the pages, through the same
services, so the same checks and audit rows. The permission class is local: athar.web.api sits
above this app in the layers."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from athar.accounts.api_permissions import capability_permission
from athar.accounts.api_schema import ErrorSerializer
from athar.accounts.permissions import has_capability
from athar.accounts.roles import Capability
from athar.exports import services
from athar.exports.errors import ExportError
from athar.exports.models import ExportRequest, FileFormat, Scope, Status
from athar.exports.views import CONTENT_TYPES
from athar.registry.access import visible_sources
from athar.tracing.models import Recipient


class WorkflowRefused(APIException):
    status_code = status.HTTP_409_CONFLICT

    def __init__(self, error: ExportError) -> None:
        super().__init__(detail=error.message, code=error.code)


class ExportRequestSerializer(serializers.ModelSerializer[ExportRequest]):
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True, default=None)
    source_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = ExportRequest
        fields = ["id", "requested_by", "requested_at", "scope", "source_id", "person_ids", "file_format",
                  "recipient", "purpose", "status", "decided_by", "decided_at", "record_count",
                  "excluded_persons", "sha256", "expires_at", "download_count"]
        read_only_fields = fields


class NewExportSerializer(serializers.Serializer[Any]):
    scope = serializers.ChoiceField(choices=Scope.choices)
    person_ids = serializers.ListField(child=serializers.CharField(max_length=32), required=False,
                                       max_length=services.MAX_PERSONS)
    source_id = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    file_format = serializers.ChoiceField(choices=FileFormat.choices)
    recipient = serializers.ChoiceField(choices=Recipient.choices)
    purpose = serializers.CharField(max_length=200)


# What every export endpoint may answer besides success: invalid input, not logged in, a role
# without the capability, an unknown (or invisible) request, a refused step of the workflow.
ERRORS: dict[int, Any] = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer,
                          404: ErrorSerializer, 409: ErrorSerializer}


def _export_for(request: Request, pk: int) -> ExportRequest:
    export = ExportRequest.objects.select_related("requested_by", "decided_by").filter(pk=pk).first()
    if export is None or (export.requested_by_id != request.user.pk
                          and not has_capability(request.user, Capability.APPROVE_EXPORTS)):
        raise Http404
    return export


class ExportListView(APIView):
    permission_classes = [capability_permission(Capability.EXPORT_RECORDS)]

    @extend_schema(responses={200: ExportRequestSerializer(many=True), **ERRORS}, summary="Your own export requests")
    def get(self, request: Request) -> Response:
        exports = ExportRequest.objects.filter(requested_by_id=request.user.pk).select_related("requested_by", "decided_by")
        return Response(ExportRequestSerializer(exports, many=True).data)

    @extend_schema(request=NewExportSerializer, responses={201: ExportRequestSerializer, **ERRORS},
                   summary="Ask for an export (a second person must approve it)")
    def post(self, request: Request) -> Response:
        form = NewExportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        source = None
        if data.get("source_id") is not None:
            source = visible_sources(request.user).filter(pk=data["source_id"]).first()
            if source is None:
                raise WorkflowRefused(ExportError("unknown_source", "The source is not known to you."))
        try:
            export = services.request_export(
                scope=data["scope"], person_ids=data.get("person_ids", []), source=source,
                file_format=data["file_format"], recipient=data["recipient"], purpose=data["purpose"],
                actor=request.user, request=request)
        except ExportError as error:
            raise WorkflowRefused(error) from error
        return Response(ExportRequestSerializer(export).data, status=status.HTTP_201_CREATED)


class ApprovalListView(APIView):
    permission_classes = [capability_permission(Capability.APPROVE_EXPORTS)]

    @extend_schema(responses={200: ExportRequestSerializer(many=True), **ERRORS}, summary="Requests awaiting your approval")
    def get(self, request: Request) -> Response:
        exports = (ExportRequest.objects.filter(status=Status.PENDING).exclude(requested_by_id=request.user.pk)
                   .select_related("requested_by", "decided_by"))
        return Response(ExportRequestSerializer(exports, many=True).data)


class ExportDetailView(APIView):
    permission_classes = [capability_permission(Capability.EXPORT_RECORDS)]

    @extend_schema(responses={200: ExportRequestSerializer, **ERRORS}, summary="One export request")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ExportRequestSerializer(_export_for(request, pk)).data)


class ApproveView(APIView):
    permission_classes = [capability_permission(Capability.APPROVE_EXPORTS)]

    @extend_schema(request=None, responses={200: ExportRequestSerializer, **ERRORS}, summary="Approve and build the file")
    def post(self, request: Request, pk: int) -> Response:
        try:
            export = services.approve_export(_export_for(request, pk), actor=request.user, request=request)
        except ExportError as error:
            raise WorkflowRefused(error) from error
        return Response(ExportRequestSerializer(export).data)


class RefuseView(APIView):
    permission_classes = [capability_permission(Capability.APPROVE_EXPORTS)]

    @extend_schema(request=None, responses={200: ExportRequestSerializer, **ERRORS}, summary="Refuse an export request")
    def post(self, request: Request, pk: int) -> Response:
        try:
            export = services.refuse_export(_export_for(request, pk), actor=request.user, request=request)
        except ExportError as error:
            raise WorkflowRefused(error) from error
        return Response(ExportRequestSerializer(export).data)


class FileView(APIView):
    permission_classes = [capability_permission(Capability.EXPORT_RECORDS)]

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY, (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
                              **ERRORS},
                   summary="Download the approved file (requester only; counted)")
    def get(self, request: Request, pk: int) -> HttpResponse:
        export = _export_for(request, pk)
        try:
            content = services.download_export(export, actor=request.user, request=request)
        except ExportError as error:
            if error.code == "not_requester":
                raise Http404 from error
            raise WorkflowRefused(error) from error
        response = HttpResponse(content, content_type=CONTENT_TYPES[export.file_format])
        response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
        response["Cache-Control"] = "no-store"
        return response
