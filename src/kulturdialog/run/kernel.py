"""The warm kernel: started ahead of time, it checks a year's input while the parent works.

`WarmKernel(root).check(year, scope)` boots a kernel and, in it, imports the package and
validates the input of every year the render reads; meanwhile the parent loads the exporters.
`verdict()` then says whether the input was sound (raising the kernel's DataError here), and
`ready()` gives the kernel papermill executes the notebook in. The preparation runs silently (no
execution count, no history; its one name, `_kd_kernel`, is private), so the executed notebook
is the same as from a cold kernel. `KeptKernel` keeps one for many renders (a batch's worker):
before each run the kernel puts back its state after the imports (fresh.py). A kernel that
dies is told at once, with why: its exit code or signal, and memory when that is the likely
cause.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import re
import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING, Any

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_core.utils import ensure_async, run_sync

from kulturdialog.data.inputs import DataScope
from kulturdialog.errors import DataError, Problem, RenderError
from kulturdialog.run import stopping

if TYPE_CHECKING:
    from jupyter_client.manager import AsyncKernelManager, KernelManager

KERNEL_ARGS = [
    "--IPKernelApp.log_level=ERROR",  # no kernel chatter on the user's terminal
    "--InteractiveShellApp.extensions=kulturdialog.notebook",  # report outputs, no setup call
]

_VERDICT = "null"  # in the kernel: the last check's result, as JSON
# In a kernel kept for many runs: its state after the imports put back (binding no name).
_RESTORE = '__import__("kulturdialog.run.fresh", fromlist=["_"]).restore()\n'


def kernel_side_check(request: str) -> None:
    """Runs in the kernel: validate the input that `request` (JSON) names; keep the verdict."""
    global _VERDICT
    from kulturdialog.run.checks import check_data

    asked = json.loads(request)
    try:
        scope = DataScope(asked["data_dir"], asked["compare"], asked["first_year"])
        check_data(asked["year"], Path(asked["root"]), scope)
        _VERDICT = json.dumps({"ok": True})
    except DataError as err:
        problems = [dataclasses.asdict(p) for p in err.problems]
        _VERDICT = json.dumps({"where": err.where, "problems": problems}, default=str)


def kernel_side_verdict() -> str:
    return _VERDICT


async def _wait_for_ready(
    client: QuickAsyncClient | QuickBlockingClient, timeout: float | None
) -> None:
    """Ask for kernel_info until it is answered and IOPub carries the kernel's status; then drop
    what IOPub holds, without waiting.

    jupyter_client's own `wait_for_ready` ends by waiting for 0.2 s of silence on IOPub (after a
    further 0.2 s when a new connection misses the first status): 0.2–0.4 s lost for every
    client, twice in every render. Anything left over is ignored by its message id.
    """
    from jupyter_client.manager import KernelManager

    limit = 60.0 if timeout is None else timeout
    deadline = time.monotonic() + limit
    while True:
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {limit:g} seconds")
        client.kernel_info()
        try:
            reply = await ensure_async(client.shell_channel.get_msg(timeout=1))
        except Empty:
            # A manager knows whether its kernel still runs: a dead one is told at once.
            managed = isinstance(client.parent, KernelManager)
            if managed and not await client._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info") from None
            continue
        if reply["msg_type"] != "kernel_info_reply":
            continue
        try:
            await ensure_async(client.iopub_channel.get_msg(timeout=0.01))
        except Empty:
            continue  # IOPub not connected yet (ZMQ's slow joiner): ask again
        break
    while True:
        try:
            await ensure_async(client.iopub_channel.get_msg(timeout=0))
        except Empty:
            return


class QuickAsyncClient(AsyncKernelClient):
    """The client nbclient runs the notebook with, ready as soon as the kernel answers. It
    tells its manager (`opened_clients`), since nbclient leaves open the client of a kernel it
    did not start: its sockets and context would stay with every run in a kept kernel."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        opened = getattr(self.parent, "opened_clients", None)
        if isinstance(opened, list):
            opened.append(self)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        await _wait_for_ready(self, timeout)


class QuickBlockingClient(BlockingKernelClient):
    """A blocking client, ready as soon as the kernel answers."""

    def wait_for_ready(self, timeout: float | None = None) -> None:
        run_sync(_wait_for_ready)(self, timeout)


@contextmanager
def connected(manager: KernelManager) -> Iterator[QuickBlockingClient]:
    """A blocking client of `manager`'s kernel, its channels open for the `with` block."""
    client = QuickBlockingClient(parent=manager)  # asks the manager whether the kernel lives
    client.load_connection_info(manager.get_connection_info())
    client.start_channels()
    try:
        yield client
    finally:
        client.stop_channels()


def _sockets() -> dict[str, str]:
    """Where the kernel listens: Unix sockets under a name of its own where the system has them.
    With TCP, jupyter_client picks a free port, closes it, and the kernel binds it a moment
    later: another process starting a kernel meanwhile could take it (seen once: a batch's
    kernel never answered, 'Address already in use')."""
    if os.name != "posix":
        return {}
    return {"transport": "ipc", "ip": os.path.join(tempfile.gettempdir(), f"kd-{uuid.uuid4().hex}")}


class _RenderKernelSpecs(KernelSpecManager):
    """Jupyter's kernel specs, with IPython's started by launch.py: without its debugger."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = super().get_kernel_spec(kernel_name)
        if spec.argv[1:3] == ["-m", "ipykernel_launcher"]:
            spec.argv = [spec.argv[0], "-m", f"{__package__}.launch", *spec.argv[3:]]
        return spec


class WarmKernel:
    """A kernel for one render (or, with `many`, for one render after another), booted and
    prepared in the background."""

    def __init__(self, root: Path, many: bool = False):
        from jupyter_client.manager import AsyncKernelManager

        self.root, self.many = root, many
        self._oom_kills = oom_kills()
        # nbclient expects an asynchronous manager: with it, a dying kernel is noticed.
        self.manager = AsyncKernelManager(
            kernel_name="python3",
            client_class=f"{__name__}.QuickAsyncClient",
            kernel_spec_manager=_RenderKernelSpecs(),
            **_sockets(),
        )
        self.manager.opened_clients = []  # type: ignore[attr-defined]  # QuickAsyncClient's
        env = {**os.environ, "KULTURDIALOG_ROOT": str(root)}  # the kernel's project root
        run_sync(self.manager.start_kernel)(cwd=str(root), extra_arguments=KERNEL_ARGS, env=env)
        # Its process, asked how it ended even after nbclient has cleaned up the manager.
        self.process = getattr(self.manager.provisioner, "process", None)
        self._year, self._scope = 0, DataScope()
        self._answer: dict[str, Any] | None = None
        self.unusable = ""  # why a kernel kept for many runs may run no more notebooks
        self._thread: threading.Thread | None = None
        self._stopping: threading.Thread | None = None
        self._put_back = False  # kept for many runs: put back since its last run

    def check(self, year: int, scope: DataScope) -> WarmKernel:
        """Start validating the input of every year a report of `year` reads, in the kernel."""
        self._year, self._scope, self._answer = year, scope, None
        self._thread = _after(self._thread, self._run_check)
        return self

    def _run_check(self) -> None:
        asked = {"year": self._year, "root": str(self.root), **dataclasses.asdict(self._scope)}
        request = json.dumps(asked)
        # A kernel for many runs first puts back its state after the imports, unless that was
        # done since its last run.
        restore = self.many and not self._put_back
        self._put_back = False
        try:
            with connected(self.manager) as client:
                client.wait_for_ready(timeout=120)
                code = (
                    (_RESTORE if restore else "")
                    + "import kulturdialog.run.kernel as _kd_kernel\n"
                    + f"_kd_kernel.kernel_side_check({request!r})"
                )
                reply = client.execute(
                    code,
                    silent=True,
                    store_history=False,
                    reply=True,
                    user_expressions={"verdict": "_kd_kernel.kernel_side_verdict()"},
                    timeout=300,
                )
            content = reply["content"]
            if self.many and content.get("status") != "ok":  # not put back: never run in it
                self.unusable = f"{content.get('ename')}: {content.get('evalue')}"
            value = content.get("user_expressions", {}).get("verdict", {})
            if value.get("status") == "ok":
                self._answer = json.loads(ast.literal_eval(value["data"]["text/plain"]))
        except Exception:  # noqa: BLE001 - then the parent checks; papermill reports a dead kernel
            self._answer = None

    def verdict(self) -> None:
        """Raise the kernel's DataError here; a RenderError if the kernel died (saying why);
        check in this process if the kernel could not answer."""
        from kulturdialog.run.checks import check_data

        if self._thread:
            self._thread.join()
        if self._answer is None and (cause := self.death()):
            raise RenderError(f"the kernel died during the input check: {cause}", "validate")
        if self.unusable:
            raise RenderError(
                f"the kept kernel could not start a clean run ({self.unusable})", "validate"
            )
        if self._answer is None:
            check_data(self._year, self.root, self._scope)
        elif "problems" in self._answer:
            problems = [Problem(**p) for p in self._answer["problems"]]
            raise DataError(problems, self._answer["where"])

    def put_back(self) -> None:
        """Its notebook has run: put a kernel kept for many runs back in the background, while
        this process writes the formats. What the run held goes now, not when the next run
        starts (an annual summary's kernel held 20 MB more meanwhile); the next check then
        starts at once. A put-back that fails is done again by the next check."""
        self._thread = _after(self._thread, self._run_put_back)

    def _run_put_back(self) -> None:
        try:
            with connected(self.manager) as client:
                client.wait_for_ready(timeout=120)
                reply = client.execute(
                    _RESTORE, silent=True, store_history=False, reply=True, timeout=300
                )
            self._put_back = reply["content"].get("status") == "ok"
        except Exception:  # noqa: BLE001 - the next check puts it back, or finds it dead
            self._put_back = False

    def ready(self) -> AsyncKernelManager:
        """The kernel manager, once the preparation is done (papermill executes in it)."""
        if self._thread:
            self._thread.join()
        return self.manager

    def close_clients(self) -> None:
        """Close the clients a notebook's run opened (their sockets and zmq contexts). After a
        stop is asked they are left to the process's end: an interrupt may have cut a client's
        start short (its heartbeat thread still making its socket), and ending its context
        then waits for ever in zmq's context.term()."""
        opened: list[QuickAsyncClient] = getattr(self.manager, "opened_clients", [])
        if stopping.asked():
            _LEFT_TO_EXIT.extend(opened)  # unreferenced, a context would be ended on collection
            opened.clear()
            return
        while opened:
            opened.pop().stop_channels()

    def death(self) -> str | None:
        """Why the kernel's process ended (None while it runs): its exit code, or the signal
        that killed it, with a word about memory where that is the likely cause."""
        code = self.process.poll() if self.process is not None else None
        if code is None:
            return None
        return death_cause(code, oom_kills() > self._oom_kills)

    def alive(self) -> bool:
        """It runs, and (kept for many runs) its state could be put back."""
        return self.death() is None and not self.unusable

    def release(self) -> None:
        """Shut the kernel down in the background (its notebook has run)."""
        if self._stopping is None:
            self._stopping = threading.Thread(target=self._stop, daemon=True)
            self._stopping.start()

    def shutdown(self) -> None:
        """Shut the kernel down and wait until it is gone. In a thread of its own, with its own
        event loop: an interrupt that cut this thread's loop short leaves callbacks there that
        would stop a shutdown run in it ("Event loop stopped before Future completed")."""
        self.release()
        assert self._stopping is not None
        self._stopping.join()

    def _stop(self) -> None:
        if self._thread:
            self._thread.join()
        if self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=True)


def _after(previous: threading.Thread | None, work: Callable[[], None]) -> threading.Thread:
    """Start `work` in a thread of its own once `previous` (the kernel's last job) has ended."""

    def run() -> None:
        if previous is not None:
            previous.join()
        work()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


_LEFT_TO_EXIT: list[QuickAsyncClient] = []  # clients of an interrupted run (close_clients)


class KeptKernel:
    """One kernel for all of a worker's renders: started when first needed, with the notebooks'
    imports done once; before each render it puts back its state after the imports
    (fresh.py), so that every output is the same as from a cold kernel; started anew if it
    died."""

    def __init__(self) -> None:
        self.kernel: WarmKernel | None = None

    def get(self, root: Path) -> WarmKernel:
        """The kept kernel for a render in `root`, alive."""
        kept = self.kernel
        if kept is not None and (kept.root != root or not kept.alive()):
            kept.shutdown()
            kept = None
        if kept is None:
            kept = self.kernel = WarmKernel(root, many=True)
        return kept

    def close(self) -> None:
        if self.kernel is not None:
            self.kernel.shutdown()
            self.kernel = None


def death_cause(code: int, oom_killed: bool = False) -> str:
    """A kernel's end, told: `exited with code 3`, `killed by signal SIGSEGV`; for SIGKILL, what
    the out-of-memory killer sends, whether memory ran out (`oom_killed`) or may have."""
    if code >= 0:
        return f"it exited with code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"number {-code}"
    told = f"it was killed by signal {name}"
    if name == "SIGKILL" and oom_killed:
        return f"{told} from the system's out-of-memory killer: the memory ran out"
    if name == "SIGKILL":
        return (
            f"{told}, which is what the system's out-of-memory killer sends when memory runs "
            f"out (or someone killed it)"
        )
    return told


OOM_KILL = re.compile(r"^oom_kill (\d+)$", re.MULTILINE)


def oom_kills() -> int:
    """How many processes the out-of-memory killer has killed in this process's memory cgroup
    (cgroup v2 memory.events or v1 memory.oom_control); 0 where neither can be read."""
    try:
        lines = Path("/proc/self/cgroup").read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    groups = dict(line.split(":", 2)[1:] for line in lines if line.count(":") >= 2)
    base = Path("/sys/fs/cgroup")
    candidates = [
        base / groups.get("", "/").lstrip("/") / "memory.events",
        base / "memory" / groups.get("memory", "/").lstrip("/") / "memory.oom_control",
        base / "memory" / "memory.oom_control",  # in a container: its own cgroup is the root
    ]
    for path in candidates:
        try:
            found = OOM_KILL.search(path.read_text(encoding="utf-8"))
        except OSError:
            continue
        if found:
            return int(found[1])
    return 0
