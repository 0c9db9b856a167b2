"""The typed record of one cable.

Every class here is a plain pydantic model: it holds values and knows nothing of how they were read.
The JSON names of ``Cable``'s fields are a public contract (see docs/record.md): fields may be added,
never renamed.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class _Record(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        use_attribute_docstrings=True,
        serialize_by_alias=True,
    )


# --- vocabularies ------------------------------------------------------------------------------


class Precedence(str, Enum):
    """How fast a cable had to be handled, slowest first."""

    ROUTINE = "ROUTINE"
    PRIORITY = "PRIORITY"
    IMMEDIATE = "IMMEDIATE"
    FLASH = "FLASH"


class ClassificationLevel(str, Enum):
    """The security classification of the whole cable, least restrictive first."""

    UNCLASSIFIED = "UNCLASSIFIED"
    LIMITED_OFFICIAL_USE = "LIMITED OFFICIAL USE"
    CONFIDENTIAL = "CONFIDENTIAL"
    SECRET = "SECRET"
    TOP_SECRET = "TOP SECRET"


class HeaderFamily(str, Enum):
    """Which of the header layouts found in the archives a cable's header follows."""

    FULL = "full"
    """Full ACP-127 header: ``VZCZC…``, routing indicators, ``DE``, ``ZNR``/``ZNY``, DTG, FM/TO/INFO."""
    PARTIAL_EXTRACT = "partial_extract"
    """"This record is a partial extract of the original cable…" followed by a bare DTG."""
    FROM_DTG = "from_dtg"
    """Starts at the precedence and DTG line (format line 5), no routing indicators."""
    DISTRIBUTION = "distribution"
    """Office distribution block (``ORIGIN``/``ACTION``/``INFO`` offices) before the DTG line."""
    ODD = "odd"
    """Something else that still carries header lines."""
    NONE = "none"
    """No header at all: the text starts at the classification line or later."""


class TagKind(str, Enum):
    """What a TAGS code stands for."""

    SUBJECT = "subject"
    GEOGRAPHIC = "geographic"
    ORGANIZATION = "organization"
    PERSON = "person"
    PROGRAM = "program"
    UNKNOWN = "unknown"


class ReferenceKind(str, Enum):
    """What a REF item cites."""

    CABLE = "cable"
    EMAIL = "email"
    TELCON = "telcon"
    REPORT = "report"
    MEMO = "memo"
    OTHER = "other"


class ContainerKind(str, Enum):
    """The kind of file a cable was read from."""

    TEXT = "text"
    CABLES_CSV = "cables-csv"
    CABLEGATE_HTML = "cablegate-html"
    BARE_PRE = "bare-pre"
    MARKDOWN = "markdown"
    JSON_LINES = "json-lines"
    PLUSD = "plusd"


# --- header ------------------------------------------------------------------------------------


class Addressee(_Record):
    """One station a cable was sent to, from a TO, INFO or XMT line: ``[RI/]NAME [PRECEDENCE] [MCN]``."""

    routing_indicator: str | None = None
    """Routing indicator of the addressee's station (``RUEHC``), or ``ZEN``; None when not written."""
    name: str
    """Plain-language address as written, wrapped lines joined (``SECSTATE WASHDC``)."""
    precedence: Precedence | None = None
    """Precedence given to this addressee, when the line names one."""
    niact: bool = False
    """True for ``NIACT IMMEDIATE``: the addressee must act even out of office hours."""
    mcn: str | None = None
    """Message continuity number, or a range for multi-section cables (``3361``, ``2276-2279``)."""
    collective: bool = False
    """True when the address is a collective (``CHINA POSTS COLLECTIVE``) that a relay expands."""
    zen: bool = False
    """True when ``ZEN/`` stands in place of a routing indicator (delivered by other means)."""


class SecurityLine(_Record):
    """Format line 4, the transmission security line, e.g. ``ZNY CCCCC ZZH``."""

    raw: str
    """The line as written."""
    classified: bool | None = None
    """True for ``ZNY`` (classified or EFTO), False for ``ZNR`` (unclassified)."""
    class_letters: str | None = None
    """The five repeated classification letters (``CCCCC``, ``SSSSS``, ``UUUUU``, ``EEEEE``)."""
    operating_signals: list[str] = Field(default_factory=list)
    """Other operating signals on the line, kept as raw tokens (``ZZH``, ``ZUI``)."""


class OfficeDistribution(_Record):
    """The office distribution block of a received copy (1970s layout and header family D)."""

    action: list[str] = Field(default_factory=list)
    """Action (or ORIGIN) offices with their copy counts, as written (``EUR-12``)."""
    info: list[str] = Field(default_factory=list)
    """Info offices with their copy counts (``OCT-01``, ``ISO-00``)."""
    total_copies: int | None = None
    """The ``/NNN`` total written at the end of the INFO line."""


class Header(_Record):
    """The transport header (ACP-127 format lines 1 to 9) and what stands in for it in other layouts."""

    family: HeaderFamily = HeaderFamily.NONE
    """Which header layout the cable has."""
    start_of_message: str | None = None
    """Format line 1 as written (``VZCZCXRO3413``)."""
    channel: str | None = None
    """Channel designator and sequence number from format line 1 (``XRO3413``)."""
    prosign: str | None = None
    """Doubled precedence prosign of format line 2 (``OO``, ``PP``, ``RR``, ``ZZ``)."""
    routing_indicators: list[str] = Field(default_factory=list)
    """Routing indicators of the stations to deliver to, from format line 2 and its wrapped lines."""
    originating_station: str | None = None
    """Routing indicator of the originating station, from the DE line (``RUEHBJ``)."""
    station_serial: int | None = None
    """Station serial number from the DE line (``#1668`` → 1668)."""
    section: int | None = None
    """Section number from the DE line (``#1668/01`` → 1)."""
    filing_time: str | None = None
    """Julian day and time the message was filed, as written on the DE line (``0720900``)."""
    security: SecurityLine | None = None
    """Format line 4, the security line."""
    dtg: str | None = None
    """The date-time group as written (``130900Z MAR 07``)."""
    precedences: list[Precedence] = Field(default_factory=list)
    """Precedence letters on the DTG line: action, then info when there are two (``O R``)."""
    from_: str | None = Field(default=None, alias="from")
    """The originator as written on the FM line (``AMEMBASSY BEIJING``)."""
    to: list[Addressee] = Field(default_factory=list)
    """Action addressees (format line 7)."""
    info: list[Addressee] = Field(default_factory=list)
    """Information addressees (format line 8)."""
    exclusions: list[Addressee] = Field(default_factory=list)
    """Addressees excluded from a collective by XMT lines (format line 9)."""
    offices: OfficeDistribution | None = None
    """Office distribution block, when the header has one."""


# --- classification and declassification -------------------------------------------------------


class Classification(_Record):
    """The classification line that opens the body and the handling captions under it."""

    level: ClassificationLevel | None = None
    """The classification of the whole cable; None when no classification line was found."""
    captions: list[str] = Field(default_factory=list)
    """Handling captions, kept apart from the level (``SIPDIS``, ``NOFORN``, ``SENSITIVE``, ``EXDIS``)."""
    section: int | None = None
    """Section number of a multi-section cable (``SECTION 01 OF 02`` → 1)."""
    sections_total: int | None = None
    """Number of sections of a multi-section cable (``SECTION 01 OF 02`` → 2)."""
    post: str | None = None
    """The post written on the classification line (``BEIJING``, ``BUENOS AIRES``)."""
    serial: int | None = None
    """The message reference number on the classification line, without leading zeros."""
    line: str | None = None
    """The classification line as written."""


class ClassifiedBy(_Record):
    """The official who classified the cable, from the ``Classified By:`` line."""

    name: str | None = None
    """The person's name (``Clark T. Randt, Jr.``)."""
    title: str | None = None
    """The person's title or office (``Ambassador``, ``PolCouns``)."""
    agency: str | None = None
    """The agency or bureau, when written (``Department of State``)."""


class Declassification(_Record):
    """The E.O. line (declassification instruction) and the Classified By line."""

    executive_order: str | None = None
    """The executive order that governs the classification (``12958``, ``11652``, ``13526``)."""
    date: dt.date | None = None
    """The date on which the cable may be declassified (``DECL: 08/25/2019`` → 2019-08-25)."""
    rule: str | None = None
    """A rule in place of or beside a date: ``N/A``, ``OADR``, ``GDS``, ``XGDS-2``, ``MR``, or free text."""
    classified_by: ClassifiedBy | None = None
    """Who classified the cable."""
    reasons: list[str] = Field(default_factory=list)
    """Classification reasons, normalised (``1.4(b)``, ``1.4(d)``; ``1.5(d)`` before 2003)."""
    line: str | None = None
    """The E.O. line as written."""


# --- metadata lines ----------------------------------------------------------------------------


class Tag(_Record):
    """One TAGS code. Tags are immutable: the same code read twice is the same value."""

    model_config = ConfigDict(frozen=True)

    code: str
    """The code, upper-cased (``PREL``, ``CH``, ``OVIP``)."""
    kind: TagKind = TagKind.UNKNOWN
    """What the code stands for."""
    iso_country: str | None = None
    """ISO 3166-1 alpha-2 code of a geographic tag (``CH`` → ``CN``); None for regions and non-geographic tags."""
    name: str | None = None
    """The person named by a person tag (``OVIP (CLINTON, HILLARY)`` → ``CLINTON, HILLARY``)."""


class Reference(_Record):
    """One item of a REF block."""

    letter: str | None = None
    """The item's bullet letter (``A`` for ``A.`` or ``(A)``); None for a single unlettered item."""
    text: str
    """The item as written, without its bullet."""
    reference_id: str | None = None
    """Canonical id of a cited cable (``08BEIJING4697``); None for other kinds."""
    kind: ReferenceKind = ReferenceKind.OTHER
    """What the item cites."""


class Paragraph(_Record):
    """One paragraph of the body."""

    number: int | None = None
    """The paragraph number (repaired where the source garbled it); None for unnumbered text."""
    marking: str | None = None
    """The portion mark without brackets (``U``, ``SBU``, ``C``, ``S/NF``)."""
    text: str
    """The paragraph's text, joined across wrapped lines and page breaks, without number and mark."""


class Span(_Record):
    """A stretch of the normalized ``text``."""

    start: int
    """Offset of the first character in ``Cable.text``."""
    end: int
    """Offset just past the last character in ``Cable.text``."""
    text: str
    """The characters covered."""


class ParseWarning(_Record):
    """An anomaly met while reading a cable. Lenient parsing records it and goes on."""

    code: str
    """A stable code naming the kind of anomaly (see docs/errors.md), e.g. ``paragraph-renumbered``."""
    message: str
    """What was wrong, for a person."""
    line: int | None = None
    """1-based line of the cleaned text where it was met, when it has one."""


class Source(_Record):
    """Where a record was read from."""

    path: str | None = None
    """The file (or archive member) path; ``-`` for standard input; None for text given directly."""
    container: ContainerKind = ContainerKind.TEXT
    """The kind of container."""
    row: int | None = None
    """1-based row number within a CSV or JSON-lines container."""
    offset: int | None = None
    """Byte offset of the record within its file, where known."""
    member: str | None = None
    """Member name inside a zip or tar archive."""


class ArchiveMetadata(_Record):
    """What the archive recorded next to the text (cables.csv columns, page metadata), as written there."""

    id: str | None = None
    """The archive's own row id or document number."""
    reference_id: str | None = None
    """The archive's reference id."""
    created: dt.datetime | None = None
    """The archive's creation time (UTC); minutes of cablegate pages are unreliable."""
    released: dt.datetime | None = None
    """When the archive released the cable, where recorded."""
    classification: str | None = None
    """The archive's classification value (``SECRET//NOFORN``)."""
    origin: str | None = None
    """The archive's origin name (``Embassy Tripoli``)."""
    subject: str | None = None
    """The archive's subject (cablegate pages keep only the first line)."""
    references: list[str] = Field(default_factory=list)
    """Referenced cable ids as the archive listed them."""
    tags: list[str] = Field(default_factory=list)
    """Tags as the archive listed them."""


# --- the cable ---------------------------------------------------------------------------------


class Cable(_Record):
    """One diplomatic cable, read from its text."""

    reference_id: str | None = None
    """Canonical id: two-digit year, post without spaces, serial without leading zeros (``09CHENGDU165``)."""
    created: dt.datetime | None = None
    """The date-time group as a timezone-aware UTC datetime (``250807Z AUG 09`` → 2009-08-25T08:07Z)."""
    origin: str | None = None
    """The sending station as written on the FM line (``AMCONSUL CHENGDU``)."""
    origin_name: str | None = None
    """The sending station as the archives name it (``Consulate Chengdu``, ``Embassy Tripoli``)."""
    precedence: Precedence | None = None
    """The action precedence of the cable (from the DTG line, else the prosign)."""
    header: Header = Field(default_factory=Header)
    """The transport header."""
    classification: Classification = Field(default_factory=Classification)
    """Classification level, captions and section of the classification line."""
    distribution: list[str] = Field(default_factory=list)
    """Action lines that route the cable inside the receiving office (``STATE FOR EAP/CM AND G/TIP``)."""
    declassification: Declassification | None = None
    """The E.O. (declassification) line and the Classified By line."""
    tags: list[Tag] = Field(default_factory=list)
    """TAGS codes in the order written."""
    subject: str | None = None
    """The SUBJECT, joined across wrapped lines."""
    references: list[Reference] = Field(default_factory=list)
    """The items of the REF block(s)."""
    paragraphs: list[Paragraph] = Field(default_factory=list)
    """The body's paragraphs, in order."""
    summary: str | None = None
    """The text between ``Summary:`` and ``End Summary``."""
    comments: list[str] = Field(default_factory=list)
    """The texts between ``Comment:`` and ``End Comment``."""
    notes: list[str] = Field(default_factory=list)
    """The texts between ``(Note:`` and ``End Note``."""
    signers: list[str] = Field(default_factory=list)
    """The signature(s) at the end of the body (``BROWN``)."""
    redactions: list[Span] = Field(default_factory=list)
    """Redacted stretches (``XXXXXXXXXXXX``) in ``text``."""
    archive_notes: list[str] = Field(default_factory=list)
    """Notes the archive added that are not part of the cable ("This record is a partial extract …")."""
    text: str = ""
    """The body as normalized text: captions, page markers and artifacts gone, paragraphs whole."""
    warnings: list[ParseWarning] = Field(default_factory=list)
    """Every anomaly met while reading this cable."""
    source: Source | None = None
    """Where the cable was read from."""
    archive: ArchiveMetadata | None = None
    """What the archive recorded next to the text, as written there."""
