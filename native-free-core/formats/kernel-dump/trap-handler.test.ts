import { describe, expect, it } from 'vitest';
import { RangeAddressSpace } from '../../unwind/range-memory';
import { KTRAP_FRAME64, KTRAP_FRAME64_SIZE, trapHandlerFrame } from './ktrap-frame';

const STACK = 0xffff850429890000n;
const RIP = 0xfffff8048b58334cn;
const HANDLER_RETURN = 0xfffff8047be031f5n;

/** A kernel stack where a trap at RIP with RSP = rsp pushed its machine frame, under a KTRAP_FRAME. */
function stackWithTrap(rsp: bigint): RangeAddressSpace {
  const bytes = new Uint8Array(0x1000);
  const view = new DataView(bytes.buffer);
  const put = (address: bigint, value: bigint) => view.setBigUint64(Number(address - STACK), value, true);
  const machineFrame = (rsp & ~15n) - 0x28n;
  put(machineFrame, RIP);
  put(machineFrame + 8n, 0x10n);
  put(machineFrame + 16n, 0x50246n);
  put(machineFrame + 24n, rsp);
  put(machineFrame + 32n, 0x18n);
  put(machineFrame - BigInt(KTRAP_FRAME64.Rip) - 8n, HANDLER_RETURN);
  return new RangeAddressSpace().add(STACK, bytes);
}

describe('trapHandlerFrame', () => {
  it('finds the handler that took the trap from the KTRAP_FRAME under the machine frame', () => {
    const rsp = STACK + 0x800n;
    expect(trapHandlerFrame(stackWithTrap(rsp), RIP, rsp)).toEqual({ ip: HANDLER_RETURN, sp: rsp - BigInt(KTRAP_FRAME64_SIZE), trapFrame: rsp - BigInt(KTRAP_FRAME64_SIZE) });
  });

  it('finds it when the CPU aligned an unaligned rsp down before pushing', () => {
    const rsp = STACK + 0x808n;
    expect(trapHandlerFrame(stackWithTrap(rsp), RIP, rsp)?.ip).toBe(HANDLER_RETURN);
  });

  it('gives nothing when no machine frame below rsp names this rip and rsp', () => {
    const rsp = STACK + 0x800n;
    expect(trapHandlerFrame(stackWithTrap(rsp), RIP + 1n, rsp)).toBeUndefined();
    expect(trapHandlerFrame(new RangeAddressSpace(), RIP, rsp)).toBeUndefined();
  });
});
