"""Output file names: sanitised, never outside the chosen folder; writes are atomic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clss_housing.documents.paths import safe_filename, safe_join, write_atomic
from clss_housing.errors import ValidationError


class TestSafeFilename:
    @pytest.mark.parametrize(("name", "expected"), [
        ("../../etc/passwd", "_.._etc_passwd"),
        ("..", "document"),
        ("/absolute/path.docx", "_absolute_path.docx"),
        ("C:\\Windows\\system32", "C__Windows_system32"),
        ("CON.txt", "_CON.txt"),
        ("a\x00b\nc.md", "a_b_c.md"),
        ("Aïcha El Idrissi.docx", "Aïcha El Idrissi.docx"),
        ("علي 🏠.txt", "علي 🏠.txt"),
        ("  .hidden  ", "hidden"),
    ])
    def test_examples(self, name: str, expected: str) -> None:
        """It turns any text into one safe, readable path component."""
        assert expected == safe_filename(name)

    def test_length_keeps_the_extension(self) -> None:
        """It cuts long names to 180 bytes, keeping the extension."""
        name = safe_filename("é" * 500 + ".docx")
        assert name.endswith(".docx")
        assert len(name.encode()) <= 180

    @given(st.text(max_size=300))
    def test_any_text_is_one_component(self, name: str) -> None:
        """It never yields a separator, a dot-dot or an empty name."""
        safe = safe_filename(name)
        assert safe
        assert "/" not in safe
        assert "\\" not in safe
        assert "\x00" not in safe
        assert safe not in (".", "..")
        assert not safe.startswith(".")
        assert len(safe.encode()) <= 180


class TestSafeJoin:
    @pytest.mark.parametrize("name", ["../escape.txt", "../../x", "/etc/passwd", "a/../../b"])
    def test_stays_in_the_folder(self, tmp_path: Path, name: str) -> None:
        """It keeps every derived path inside the folder."""
        target = safe_join(tmp_path, name)
        assert tmp_path.resolve() == target.parent

    def test_refuses_a_symlink_out(self, tmp_path: Path) -> None:
        """It refuses a name that is a symbolic link leading outside the folder."""
        outside = tmp_path / "outside"
        outside.mkdir()
        folder = tmp_path / "out"
        folder.mkdir()
        (folder / "letter.txt").symlink_to(outside / "letter.txt")
        with pytest.raises(ValidationError):
            safe_join(folder, "letter.txt")


class TestWriteAtomic:
    def test_writes_and_leaves_nothing_else(self, tmp_path: Path) -> None:
        """It writes the file and no temporary file."""
        write_atomic(tmp_path / "a.txt", b"hello")
        assert ["a.txt"] == [p.name for p in tmp_path.iterdir()]
        assert b"hello" == (tmp_path / "a.txt").read_bytes()

    def test_refuses_a_missing_folder(self, tmp_path: Path) -> None:
        """It refuses to write into a folder that does not exist."""
        with pytest.raises(ValidationError):
            write_atomic(tmp_path / "nope" / "a.txt", b"x")
