/**
 * The BGP session state machine, sans I/O: {@link io.muslin.bgp.fsm.SessionFsm#process} takes an
 * {@link io.muslin.bgp.fsm.Input} (start, stop, TCP connected/failed/closed, message received,
 * protocol error, timer fired) and returns {@link io.muslin.bgp.fsm.Output}s (connect, send,
 * close, arm/cancel timer, state changed, established, down, deliver). Tests drive it with a
 * fake clock, without sockets or sleeps.
 *
 * <p>RFCs: 4271 §8 (FSM, timers, §6.8 connection collision), 6286 (BGP identifier rules),
 * 6608 (FSM error subcodes), 4724 and 8538 (which session ends keep a graceful peer's routes),
 * 7606 (AFI/SAFI disable), 4760 §7 (families not negotiated are ignored).
 */
package io.muslin.bgp.fsm;
