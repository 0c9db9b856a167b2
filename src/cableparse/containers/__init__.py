"""Container readers: every archive format a cable comes in, read as a stream of raw cables.

``read_raw(paths)`` is the entry point: it walks files, directories, globs and archives, sniffs
each input's container and yields ``RawCable`` (text + what the container recorded + where) or
``Rejected`` (where + why) values. Each reader module can also be used on its own.
"""

from cableparse.containers.archive import SourceFile, iter_sources
from cableparse.containers.base import RawCable, ReadResult, Rejected
from cableparse.containers.detect import detect, read_raw
from cableparse.containers.encoding import decode

__all__ = ["RawCable", "Rejected", "ReadResult", "SourceFile", "decode", "detect", "iter_sources", "read_raw"]
