"""``need_tool``: a missing tool skips the test by name, and fails it under CI."""

import shutil

import pytest
from tools import need_tool


@pytest.mark.parametrize("name", ["chromium", "chromedriver", "pdftotext", "pdflatex", "dot"])
def test_a_missing_tool_skips_by_name_and_fails_under_ci(monkeypatch, name):
    monkeypatch.setattr(shutil, "which", lambda tool: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=rf"^{name} not installed \(apt-get install"):
        need_tool(name)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=rf"^{name} not installed .*required under CI"):
        need_tool(name)


def test_a_present_tool_is_its_path(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda tool: f"/usr/bin/{tool}")
    assert need_tool("dot") == "/usr/bin/dot"
