"""The evidence file's archive, as pure code: file names every tool reads
the same way, each file's SHA-256, the manifest and SHA256SUMS. The wizard
(hr_career_evidence_file.py) decides what goes in; this builds the ZIP."""

import io
import json
import re
import unicodedata
import zipfile

from ..tools.digest import sha256_hex

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"


def safe_name(text):
    """A file name every unzip and ``sha256sum -c`` reads the same way:
    ASCII letters, digits, dots, dashes and underscores only."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9.-]+", "_", ascii_text).strip("._") or "file"


class EvidenceFiles:
    """The files of the archive, in order, each under a name used once."""

    def __init__(self):
        self.entries = []  # {"path", "content", "description", "sha256"}
        self._paths = set()

    def add(self, folder, name, content, description, first=False):
        stem, dot, extension = safe_name(name).rpartition(".")
        stem, extension = (stem, f".{extension}") if dot else (extension, "")
        path, number = f"{folder}{stem}{extension}", 1
        while path in self._paths:
            number += 1
            path = f"{folder}{stem}_{number}{extension}"
        self._paths.add(path)
        entry = {"path": path, "content": content, "description": description, "sha256": sha256_hex(content)}
        self.entries.insert(0 if first else len(self.entries), entry)
        return entry

    def archive(self, manifest):
        """The ZIP: every file, the manifest (``manifest``, a JSON-ready dict)
        and SHA256SUMS, which ``sha256sum -c`` checks with standard tools."""
        manifest = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        sums = [(entry["sha256"], entry["path"]) for entry in self.entries]
        sums.append((sha256_hex(manifest), MANIFEST))
        checksums = "".join(f"{digest}  {path}\n" for digest, path in sums).encode()
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in self.entries:
                archive.writestr(entry["path"], entry["content"])
            archive.writestr(MANIFEST, manifest)
            archive.writestr(CHECKSUMS, checksums)
        return output.getvalue()
