"""REST API of imports (IMPORT_RECORDS): upload a records file (CSV or .xlsx) and follow its job.

POST /api/imports/ (multipart: `file`, `source`, `kind`, `date_order`, `sheet`, `mapping` as a JSON
object of header cell -> field, `dry_run`) starts the same job as the import page and answers 202
with the job's state; GET /api/imports/jobs/<id>/ gives the state until `status` is `done` (or
`failed`). A done job holds the import's counts (`report`: new, updated, unchanged, quarantined,
and the quarantined rows' locations) and the matching of its new records (`matching`: matched,
uncertain, new; `classified` false when no linkage run is kept). A dry run answers at once (200)
with the counts a real import would give. Only the user who started a job may read it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from athar.accounts.api_permissions import capability_permission
from athar.accounts.roles import Capability
from athar.errors import InputError
from athar.imports.jobs import job_state, report_state, start_import
from athar.imports.services import import_records
from athar.imports.uploads import discard_upload, store_upload, upload_path
from athar.interchange import COLUMNS, DateOrder
from athar.registry.models import SourceKind

MayImport = capability_permission(Capability.IMPORT_RECORDS)


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    source = serializers.CharField(  # type: ignore[assignment]  # the records' source, not DRF's Field.source
        required=False, allow_blank=True, default="", max_length=100,
        help_text="Source of rows whose source cell is empty.")
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False, default=SourceKind.OTHER)
    date_order = serializers.ChoiceField(choices=[(o.value, o.value) for o in DateOrder], required=False,
                                         allow_blank=True, default="")
    sheet = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    mapping = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text='JSON object: {"header cell": "field" or ""}.')
    dry_run = serializers.BooleanField(required=False, default=False)

    def validate_mapping(self, value: str) -> dict[str, str] | None:
        if not value:
            return None
        try:
            mapping = json.loads(value)
        except ValueError:
            raise serializers.ValidationError("not JSON") from None
        if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                    for k, v in mapping.items()):
            raise serializers.ValidationError("must be an object of strings")
        unknown = sorted({v for v in mapping.values() if v and v not in COLUMNS})
        if unknown:
            raise serializers.ValidationError(f"not fields of the records format: {', '.join(unknown)}")
        return mapping


class JobSerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.ChoiceField(choices=["running", "done", "failed"])
    phase = serializers.CharField(help_text="reading, importing, matching or done.")
    done = serializers.IntegerField(help_text="Rows written so far.")
    total = serializers.IntegerField(help_text="Rows in the file (0 while it is read).")
    report = serializers.DictField(required=False, help_text="The import's counts, once done.")
    matching = serializers.DictField(required=False, help_text="matched / uncertain / new, once done.")
    error = serializers.DictField(required=False, allow_null=True, help_text="file, row, column, reason.")


def _job(job_id: str, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": job_id, **{k: v for k, v in state.items() if k not in {"owner", "file_name"}}}


class ImportStart(GenericAPIView):
    permission_classes = [IsAuthenticated, MayImport]
    parser_classes = [MultiPartParser]
    serializer_class = ImportRequestSerializer

    @extend_schema(request={"multipart/form-data": ImportRequestSerializer},
                   responses={202: JobSerializer, 200: JobSerializer})
    def post(self, request: Request) -> Response:
        body = ImportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        upload = data["file"]
        token = store_upload(upload.chunks())
        path = upload_path(token)
        if path is None:  # just written: only a full disk gets here
            raise ValidationError({"file": ["could not be stored"]})
        name = Path(upload.name).name[:255]
        options = {"default_source": data["source"].strip() or None, "source_kind": data["kind"],
                   "mapping": data["mapping"], "sheet": data["sheet"].strip() or None,
                   "date_order": DateOrder(data["date_order"]) if data["date_order"] else None}
        if data["dry_run"]:
            try:
                report = import_records(path, actor=request.user, dry_run=True, display_name=name, **options)
            except InputError as error:
                raise ValidationError({"file": [error.describe().replace(str(path), name)]}) from None
            finally:
                discard_upload(token)
            return Response({"id": "", "status": "done", "phase": "done", "done": report.row_count,
                             "total": report.row_count, "report": report_state(report)})
        job_id = start_import(path, actor=request.user, file_name=name, options=options,
                              on_end=lambda: discard_upload(token))
        state = job_state(job_id, owner=request.user) or {}
        return Response(_job(job_id, state), status=status.HTTP_202_ACCEPTED)


class ImportJobDetail(GenericAPIView):
    permission_classes = [IsAuthenticated, MayImport]
    serializer_class = JobSerializer

    @extend_schema(responses=JobSerializer)
    def get(self, request: Request, job_id: str) -> Response:
        state = job_state(job_id, owner=request.user)
        if state is None:
            raise NotFound("no such import job")
        return Response(_job(job_id, state))
