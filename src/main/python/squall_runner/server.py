"""The fork server: one warm Python process per pack that runs each python-script execution in a child of its own.

Squall starts ``python3 -u -m squall_runner.server`` and talks to it over stdin/stdout, one JSON document per line.

In:  ``{"op": "run", "id", "file", "pack", "user", "log_level", "parameters", "config", "env", "preload"}``
     (``env``: what the execution adds to this process's environment)
     ``{"op": "kill", "id"}``
Out: ``{"t": "ready", "pid"}`` once, then per execution ``{"id", "t": "stdout"|"stderr", "d": text}`` as lines are
     written and ``{"id", "t": "exit", "code", "result"}`` at the end (``result``: the result document's text, or null).

Each execution is a ``fork`` of this process: the interpreter, the shim and (after its first run) the action's module
are already loaded, so a run costs a fork instead of an interpreter start. The child starts its own session; when it
exits, whatever it left running in that session is killed, and output pipes held open by escaped descendants are
closed after a short grace. The child's changes to module state die with it. ``--once`` runs a single execution and
exits: the fresh-interpreter mode.
"""

import codecs
import gc
import json
import os
import selectors
import signal
import sys
import time
import traceback

from squall_runner import action

CHUNK = 65536
PRELOAD_SECONDS = 5
PIPE_GRACE_SECONDS = 0.5


class Job(object):
    def __init__(self, job_id, pid):
        self.id = job_id
        self.pid = pid
        self.streams = {}
        self.result = bytearray()
        self.code = None
        self.exited_at = None


class Server(object):
    def __init__(self, out, once):
        self.out = out
        self.once = once
        self.selector = selectors.DefaultSelector()
        self.jobs = {}
        self.by_pid = {}
        self.modules = {}
        self.pending = b""
        self.started = 0
        self.closing = False

    # -- protocol out --------------------------------------------------------------------------------------------
    def send(self, message):
        data = (json.dumps(message) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(self.out, view)
            view = view[written:]

    # -- main loop -------------------------------------------------------------------------------------------------
    def serve(self):
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        self.selector.register(wake_r, selectors.EVENT_READ, ("wake", None))
        self.selector.register(0, selectors.EVENT_READ, ("in", None))
        self.send({"t": "ready", "pid": os.getpid()})
        while True:
            waiting = [j for j in self.jobs.values() if j.code is not None]
            timeout = 0.05 if waiting else None
            for key, _ in self.selector.select(timeout):
                kind, job = key.data
                if kind == "wake":
                    try:
                        os.read(wake_r, CHUNK)
                    except BlockingIOError:
                        pass
                elif kind == "in":
                    self.read_requests()
                else:
                    self.read_child(key.fd, kind, job)
            self.reap()
            self.finish_ready()
            if (self.closing or (self.once and self.started)) and not self.jobs:
                return

    def read_requests(self):
        data = os.read(0, CHUNK)
        if not data:
            # Squall went away: nothing may outlive it
            self.selector.unregister(0)
            self.closing = True
            for job in self.jobs.values():
                kill_group(job.pid)
            return
        self.pending += data
        while b"\n" in self.pending:
            line, self.pending = self.pending.split(b"\n", 1)
            if line.strip():
                self.handle(json.loads(line.decode("utf-8")))

    def handle(self, request):
        op = request.get("op")
        if op == "run":
            if self.closing or (self.once and self.started):
                return
            self.start(request)
        elif op == "kill":
            job = self.jobs.get(request.get("id"))
            if job is not None and job.code is None:
                kill_group(job.pid)

    # -- one execution ---------------------------------------------------------------------------------------------
    def start(self, request):
        module = self.preload(request) if request.get("preload", True) else None
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        res_r, res_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # the child's collector leaves the parent's objects alone: fewer copied pages
        pid = os.fork()
        if pid:
            gc.unfreeze()  # the parent's own garbage stays collectable
        if pid == 0:
            code = 1
            try:
                code = child(request, module, out_w, err_w, res_w)
            except BaseException:
                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code if 0 <= code <= 255 else code & 0xFF)
        for fd in (out_w, err_w, res_w):
            os.close(fd)
        self.started += 1
        job = Job(request["id"], pid)
        self.jobs[job.id] = job
        self.by_pid[pid] = job
        decoder = codecs.getincrementaldecoder("utf-8")
        for fd, kind in ((out_r, "stdout"), (err_r, "stderr"), (res_r, "result")):
            os.set_blocking(fd, False)
            job.streams[fd] = [kind, bytearray(), decoder(errors="replace")]
            self.selector.register(fd, selectors.EVENT_READ, (kind, job))

    def preload(self, request):
        """The action's module imported here once (again when the file changes), or None when that fails."""
        path = request["file"]
        try:
            mtime = os.stat(path).st_mtime_ns
        except OSError:
            return None
        known = self.modules.get(path)
        if known is not None and known[0] == mtime:
            return known[1]
        module = None
        saved = dict(os.environ)
        os.environ.update(request.get("env") or {})

        def too_slow(signum, frame):
            raise TimeoutError("importing %s took more than %s s" % (path, PRELOAD_SECONDS))

        previous = signal.signal(signal.SIGALRM, too_slow)
        signal.setitimer(signal.ITIMER_REAL, PRELOAD_SECONDS)
        try:
            module = action.load_module(path)
            # found once here rather than in every child
            module.__squall_action_class__ = action.action_class(module, path)
        except BaseException:
            module = None  # each run imports it itself and reports what goes wrong
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            os.environ.clear()
            os.environ.update(saved)
        self.modules[path] = (mtime, module)
        return module

    def read_child(self, fd, kind, job):
        try:
            data = os.read(fd, CHUNK)
        except BlockingIOError:
            return
        stream = job.streams[fd]
        if kind == "result":
            if data:
                job.result.extend(data)
            else:
                self.close_stream(job, fd)
            return
        if data:
            stream[1].extend(data)
            self.flush_lines(job, stream, final=False)
        else:
            self.flush_lines(job, stream, final=True)
            self.close_stream(job, fd)

    def flush_lines(self, job, stream, final):
        kind, buffer, decoder = stream
        while True:
            newline = buffer.find(b"\n")
            if newline < 0:
                if final or len(buffer) >= CHUNK:
                    text = decoder.decode(bytes(buffer), final)
                    del buffer[:]
                    if text:
                        self.send({"id": job.id, "t": kind, "d": text})
                return
            text = decoder.decode(bytes(buffer[:newline + 1]))
            del buffer[:newline + 1]
            self.send({"id": job.id, "t": kind, "d": text})

    def close_stream(self, job, fd):
        self.selector.unregister(fd)
        os.close(fd)
        del job.streams[fd]

    def reap(self):
        while self.by_pid:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            job = self.by_pid.pop(pid, None)
            if job is None:
                continue
            job.code = os.waitstatus_to_exitcode(status)
            job.exited_at = time.monotonic()
            try:
                os.killpg(pid, signal.SIGKILL)  # what it left behind in its session goes with it
            except (ProcessLookupError, PermissionError):
                pass  # nothing left (the pid itself is reaped: never signal it alone now)

    def finish_ready(self):
        now = time.monotonic()
        for job in [j for j in self.jobs.values() if j.code is not None]:
            if job.streams and now - job.exited_at < PIPE_GRACE_SECONDS:
                continue
            for fd, stream in list(job.streams.items()):
                if stream[0] != "result":
                    self.flush_lines(job, stream, final=True)
                self.close_stream(job, fd)
            result = job.result.decode("utf-8", "replace") if job.result else None
            del self.jobs[job.id]
            self.send({"id": job.id, "t": "exit", "code": job.code, "result": result})


def kill_group(pid):
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
            return
        except (ProcessLookupError, PermissionError):
            continue


def child(request, module, out_w, err_w, res_w):
    """In the forked child: becomes the execution's process and runs the action; returns the exit code."""
    os.setsid()
    signal.set_wakeup_fd(-1)
    for signum in (signal.SIGCHLD, signal.SIGALRM, signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.dup2(res_w, 3)
    os.closerange(4, os.sysconf("SC_OPEN_MAX") if os.sysconf("SC_OPEN_MAX") > 0 else 4096)
    # the request carries what this execution adds to the server's environment: setting only that is cheap
    os.environ.update(request.get("env") or {})
    sys.argv = [request["file"]]

    def write_result(text):
        view = memoryview(text.encode("utf-8"))
        while view:
            view = view[os.write(3, view):]
        os.close(3)

    return action.execute(request, module, write_result)


def main():
    out = os.dup(1)
    os.dup2(2, 1)  # what module code prints in this process must not reach the protocol
    server = Server(out, "--once" in sys.argv[1:])
    try:
        server.serve()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
