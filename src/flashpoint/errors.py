"""One exception hierarchy for Flashpoint, each class with a stable code.

Codes never change meaning once released; they are written into :class:`~flashpoint.records.Rejection`
records and shown by the CLI, so an analyst can search for them.
"""

from __future__ import annotations


class FlashpointError(Exception):
    """Base of every error Flashpoint raises on purpose."""

    code = "FP000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class IngestError(FlashpointError):
    """A report could not be read."""

    code = "FP100"


class EmptyInputError(IngestError):
    """The report has no text once markup and whitespace are removed."""

    code = "FP101"


class BinaryInputError(IngestError):
    """The file is not text (NUL bytes, an image, an archive ...)."""

    code = "FP102"


class InputTooLargeError(IngestError):
    """The report is larger than the configured limit."""

    code = "FP103"


class EncodingError(IngestError):
    """The bytes could not be decoded as text in any supported encoding."""

    code = "FP104"


class MalformedInputError(IngestError):
    """Broken HTML, a feed that cannot be parsed, a batch row that is not a record."""

    code = "FP105"


class MissingColumnError(IngestError):
    """A batch file lacks a column the caller named."""

    code = "FP106"


class UnsupportedFormatError(IngestError):
    """The file type is not one Flashpoint reads."""

    code = "FP107"


class SpecialFileError(IngestError):
    """The path is not a regular file: a named pipe, a socket or a device (reading it could wait forever)."""

    code = "FP108"


class FetchError(IngestError):
    """A live source could not be downloaded or read (network, timeout, HTTP error, unreadable answer)."""

    code = "FP109"

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds the server asked us to wait, if it said


class ExtractionError(FlashpointError):
    """An extractor failed on one article."""

    code = "FP200"


class ModelLoadError(FlashpointError):
    """The language model could not be loaded."""

    code = "FP201"


class TextTooLongError(ExtractionError):
    """The text is longer than the pipeline analyses (``BackboneOptions.max_length`` characters)."""

    code = "FP202"


class GazetteerError(FlashpointError):
    """The gazetteer could not be built or opened."""

    code = "FP300"


class StoreError(FlashpointError):
    """The database could not be opened, migrated or written."""

    code = "FP400"


class StoreReadOnlyError(StoreError):
    """The database (or its folder) cannot be written: a read-only file, mount or permission."""

    code = "FP401"


class StoreFullError(StoreError):
    """The disk (or the database's quota) is full; the transaction in progress was rolled back."""

    code = "FP402"


class StoreBusyError(StoreError):
    """Another writer held the database longer than the busy timeout; the transaction was rolled back."""

    code = "FP403"


class NotFoundError(FlashpointError):
    """A requested record (incident, article) does not exist."""

    code = "FP404"


class InvalidQueryError(FlashpointError):
    """A web API request has an unknown parameter or a value that cannot be used (HTTP 400)."""

    code = "FP410"


class ExportError(FlashpointError):
    """An export format is unknown or could not be written."""

    code = "FP500"


class EvaluationError(FlashpointError):
    """An evaluation file is missing columns or cannot be scored."""

    code = "FP600"


class ConfigError(FlashpointError):
    """A configuration value or file is invalid."""

    code = "FP700"


class ClusterError(FlashpointError):
    """The Dask cluster could not be reached, or the connection to it was lost during a run."""

    code = "FP800"


class AccessError(FlashpointError):
    """A web request without the server's token (``flashpoint serve --token``)."""

    code = "FP900"


class RequestLimitError(FlashpointError):
    """A web request over a size limit: body, query string or page size (``web.security.SecurityOptions``)."""

    code = "FP901"
