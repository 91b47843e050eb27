"""UN models, one module per subject; import them from here."""

from athar.un.models.case import CaseFile, DomesticStep
from athar.un.models.communication import Communication, CommunicationFile
from athar.un.models.submission import Correspondence, StatusChange, Submission

__all__ = [
    "CaseFile",
    "Communication",
    "CommunicationFile",
    "Correspondence",
    "DomesticStep",
    "StatusChange",
    "Submission",
]
