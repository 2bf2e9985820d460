"""The private loop thread: the sync API from scripts, threads, running loops and Ctrl-C."""

from __future__ import annotations

import asyncio
import concurrent.futures
import signal
import threading

import httpx
import pytest

from core.pro_fakes import make_transport
from zpro_nb._core.clock import ManualClock
from zpro_nb._core.errors import NotFound
from zpro_nb._core.loop import background_loop, on_loop_thread, run_sync


async def answer(value: int) -> int:
    await asyncio.sleep(0)
    assert on_loop_thread()
    return value


async def fail() -> None:
    raise NotFound("nothing here", status=404)


def test_run_sync_in_a_plain_script() -> None:
    assert run_sync(answer(42)) == 42


def test_run_sync_passes_exceptions_through() -> None:
    with pytest.raises(NotFound, match="nothing here"):
        run_sync(fail())


def test_run_sync_from_another_thread() -> None:
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        assert sorted(pool.map(lambda n: run_sync(answer(n)), range(8))) == list(range(8))


def test_run_sync_inside_a_running_loop() -> None:
    # What Jupyter looks like: the calling thread already runs an event loop.
    async def notebook_cell() -> int:
        assert asyncio.get_running_loop() is not background_loop()
        return run_sync(answer(7))

    assert asyncio.run(notebook_cell()) == 7


def test_run_sync_inside_a_running_loop_on_another_thread() -> None:
    result: list[int] = []

    def kernel_thread() -> None:
        async def callback() -> None:  # e.g. an ipywidgets callback inside the kernel's loop
            result.append(run_sync(answer(9)))

        asyncio.run(callback())

    worker = threading.Thread(target=kernel_thread)
    worker.start()
    worker.join(timeout=30)
    assert result == [9]


def test_run_sync_refuses_its_own_thread() -> None:
    async def nested() -> None:
        coro = answer(1)
        with pytest.raises(RuntimeError, match="own loop thread"):
            run_sync(coro)

    run_sync(nested())


def test_keyboard_interrupt_cancels_the_coroutine() -> None:
    assert threading.current_thread() is threading.main_thread()
    cancelled = threading.Event()
    started = threading.Event()

    async def long_call() -> None:
        started.set()
        # Ctrl-C arrives while the caller is blocked waiting for us.
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_sync(long_call())
    finally:
        signal.signal(signal.SIGINT, previous)
    assert started.is_set()
    assert cancelled.wait(timeout=10)
    assert run_sync(answer(3)) == 3  # the loop thread is still fine


def test_sync_and_async_callers_share_one_concurrency_cap() -> None:
    clock = ManualClock()
    in_flight = 0
    most = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        for _ in range(5):
            await asyncio.sleep(0)
        in_flight -= 1
        return httpx.Response(200, json={"ok": True})

    transport = make_transport(handler, clock, max_concurrency=1)
    transport._home = background_loop()  # what a sync Session does
    api = transport.client("https://h", None)

    async def from_user_loop() -> list[object]:
        # This loop is not the transport's home: the calls hop to the background loop.
        return list(await asyncio.gather(*(api.get("/a") for _ in range(5))))

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        sync_calls = [pool.submit(run_sync, api.get("/b")) for _ in range(5)]
        async_results = asyncio.run(from_user_loop())
        sync_results = [f.result(timeout=30) for f in sync_calls]
    assert len(async_results) == len(sync_results) == 5
    assert all(r == {"ok": True} for r in async_results + sync_results)
    assert most == 1
