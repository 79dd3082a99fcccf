"""The render kernel's start: IPython's kernel, as `ipykernel_launcher` starts it, without its
debugger. ipykernel imports debugpy whenever it is installed (7 MB and 0.05 s a kernel), and
nothing debugs a render. Jupyter's own kernels and plain `papermill` keep it. In a render's
kernel, `import debugpy` fails."""

import sys
from pathlib import Path

if __name__ == "__main__":
    # As ipykernel_launcher: the working folder leaves sys.path while the kernel loads (its
    # shell puts it back).
    if sys.path[0] == "" or Path(sys.path[0]) == Path.cwd():
        del sys.path[0]
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # ipykernel: no debugger then
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
