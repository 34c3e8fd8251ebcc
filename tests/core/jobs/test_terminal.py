"""The commands' progress bar: drawn only for a person watching a terminal."""

import io

from rich.console import Console
from rich.progress import Progress as Bar

from dibao.core.jobs.progress import NO_PROGRESS
from dibao.core.jobs.terminal import TerminalProgress, terminal_progress, watched


def test_a_pipe_or_json_gets_no_bar():
    assert not watched(json=False)  # the tests' outputs are not a terminal
    assert not watched(json=True)
    with terminal_progress("rows checked", shown=False) as progress:
        assert progress is NO_PROGRESS


def test_the_bar_counts_what_the_work_reports():
    with Bar(console=Console(file=io.StringIO(), force_terminal=True)) as bar:
        progress = TerminalProgress(bar, "rows checked")
        progress.start(200)
        progress.advance(150)
        [task] = bar.tasks
        assert (task.description, task.completed, task.total) == ("rows checked", 150, 200)
