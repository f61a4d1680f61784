"""A raw TCP server on 127.0.0.1 for answers http.server cannot send: forged reason phrases, headers
dripped byte by byte, bodies shorter than their Content-Length. Each connection runs `answer(sock, request_head)`."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Answer = Callable[[socket.socket, bytes], None]


@contextmanager
def raw_server(answer: Answer) -> Iterator[str]:
    """Serve `answer` on a free port; yields the base URL. Stops (and unblocks every answer) on exit."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()
    open_socks: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            open_socks.append(conn)
            threading.Thread(target=_run, args=(conn,), daemon=True).start()

    def _run(conn: socket.socket) -> None:
        try:
            answer(conn, _read_request(conn))
        except OSError:
            pass  # the client gave up: expected for the deadline tests
        finally:
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        try:
            listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept (close alone does not)
        except OSError:
            pass
        listener.close()
        for conn in open_socks:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        thread.join(timeout=5)


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def response(status_line: bytes, headers: dict[str, bytes], body: bytes) -> Answer:
    """An answer sending exactly these bytes (headers as given: Content-Length is not added)."""

    def answer(conn: socket.socket, request: bytes) -> None:
        head = status_line + b"\r\n" + b"".join(k.encode() + b": " + v + b"\r\n" for k, v in headers.items())
        conn.sendall(head + b"\r\n" + body)

    return answer
