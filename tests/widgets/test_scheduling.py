"""Debounce and repeat on an injected scheduler: no test waits for real time."""

from __future__ import annotations

import threading

from zpro_nb.widgets.scheduling import Debouncer, ManualScheduler, Repeater, ThreadScheduler


def test_debouncer_runs_once_after_the_input_goes_quiet() -> None:
    sched = ManualScheduler()
    calls: list[float] = []
    debounce = Debouncer(sched, 0.5, lambda: calls.append(sched.now))
    debounce.trigger()
    sched.advance(0.3)
    debounce.trigger()  # typing again restarts the quiet period
    sched.advance(0.3)
    assert calls == []
    sched.advance(0.3)
    assert calls == [0.8]
    sched.advance(5)
    assert calls == [0.8]


def test_debouncer_cancel_drops_the_pending_call() -> None:
    sched = ManualScheduler()
    calls: list[int] = []
    debounce = Debouncer(sched, 0.5, lambda: calls.append(1))
    debounce.trigger()
    debounce.cancel()
    sched.advance(1)
    assert calls == []
    assert sched.pending == 0


def test_repeater_ticks_until_stopped() -> None:
    sched = ManualScheduler()
    ticks: list[float] = []
    repeat = Repeater(sched, 30, lambda: ticks.append(sched.now))
    repeat.start()
    repeat.start()  # a second start does not double the ticks
    sched.advance(95)
    assert ticks == [30, 60, 90]
    repeat.stop()
    sched.advance(100)
    assert ticks == [30, 60, 90]
    assert not repeat.running
    assert sched.pending == 0


def test_repeater_stops_when_the_callback_says_so() -> None:
    sched = ManualScheduler()
    ticks: list[float] = []

    def tick() -> bool:
        ticks.append(sched.now)
        return len(ticks) < 2

    repeat = Repeater(sched, 1, tick)
    repeat.start()
    sched.advance(10)
    assert ticks == [1, 2]
    assert not repeat.running


def test_thread_scheduler_runs_off_the_calling_thread_and_cancels() -> None:
    sched = ThreadScheduler()
    ran = threading.Event()
    seen: list[str] = []

    def record() -> None:
        seen.append(threading.current_thread().name)
        ran.set()

    sched.call_later(0, record)
    assert ran.wait(10)  # an event wait, not a sleep: returns as soon as the timer fired
    assert seen
    assert seen[0] != threading.current_thread().name

    cancelled = sched.call_later(3600, record)
    cancelled.cancel()
    assert len(seen) == 1
