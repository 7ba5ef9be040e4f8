import { describe, expect, it } from 'vitest';
import { frameFromCallSite, framesFromCallSites } from './call-site';
import { faultingModule, frameSignature, normalizeFunction, normalizeModule, signedFrames, stackSignature, MAX_SIGNATURE_FRAMES } from './signature';

const sig = (callSite: string) => frameSignature(frameFromCallSite(callSite, 0));

describe('frameSignature', () => {
  it('keeps module!function and drops the offset', () => {
    expect(sig('fltmgr!TreeUnlinkMulti+0x51')).toBe('fltmgr!TreeUnlinkMulti');
    expect(sig('fltmgr!TreeUnlinkMulti+0x148')).toBe('fltmgr!TreeUnlinkMulti');
    expect(sig('MyApp!MyFunction+44')).toBe('myapp!MyFunction');
  });

  it('normalizes module names: case, extension, kernel image aliases', () => {
    expect(normalizeModule('USBPORT')).toBe('usbport');
    expect(normalizeModule('fltmgr.sys')).toBe('fltmgr');
    expect(normalizeModule('ntkrnlmp.exe')).toBe('nt');
    expect(sig('ntoskrnl!IopfCompleteRequest+0x3a6')).toBe('nt!IopfCompleteRequest');
  });

  it('undecorates x86 stdcall and fastcall names', () => {
    expect(normalizeFunction('_RtlMoveMemory@12')).toBe('RtlMoveMemory');
    expect(normalizeFunction('@KfAcquireSpinLock@4')).toBe('KfAcquireSpinLock');
    expect(normalizeFunction('_KeBugCheckEx')).toBe('KeBugCheckEx');
    expect(normalizeFunction('__tmainCRTStartup')).toBe('__tmainCRTStartup');
    expect(normalizeFunction('CFoo::Bar')).toBe('CFoo::Bar');
    expect(sig('HAL!_HalpCopyBufferMap@20+0x49')).toBe('hal!HalpCopyBufferMap');
  });

  it('skips bugcheck, trap and exception-dispatch frames as !analyze does', () => {
    for (const s of ['nt!KeBugCheckEx', 'nt!KeBugCheckEx+0x104', 'NT!_KeBugCheckEx+0x194', 'nt!KiPageFault+0x16e', 'NT!_KiTrap0E+0x256',
      'nt!KiExceptionDispatch+0xc2', 'nt!DbgBreakPointWithStatus', 'nt!KeBugCheck2+0x79f', 'ntdll!KiUserExceptionDispatcher+0xe']) {
      expect(sig(s), s).toBeNull();
    }
    // the same names in a driver are real frames
    expect(sig('mydrv!KiPageFault+0x1')).toBe('mydrv!KiPageFault');
  });

  it('treats outlined `?? ::FNODOBFM::` chunks and bare addresses as carrying no identity', () => {
    expect(sig("nt! ?? ::FNODOBFM::`string'+0x40edb")).toBeNull();
    expect(sig("fltmgr! ?? ::NNGAKEGL::`string'+0x1a04")).toBeNull();
    expect(sig('0x77320eba')).toBeNull();
  });

  it('keys a module without symbols on its module offset', () => {
    expect(sig('test_app+0x429e')).toBe('test_app+0x429e');
    expect(frameSignature({ index: 0, address: '0x1', module: 'foo.dll', trust: 'scan' })).toBeNull();
  });
});

describe('stackSignature', () => {
  it('leaves skipped frames out and collapses direct recursion', () => {
    const frames = framesFromCallSites(['nt!KeBugCheckEx', 'nt!KiPageFault+0x16e', 'a!f+1', 'a!f+2', 'a!f+3', 'a!g', 'a!f']);
    expect(stackSignature({ stack: frames })).toEqual(['a!f', 'a!g', 'a!f']);
    expect(signedFrames(frames).map((f) => f.frameIndex)).toEqual([2, 5, 6]);
  });

  it('bounds the number of frames', () => {
    const frames = framesFromCallSites(Array.from({ length: 500 }, (_, i) => `m!f${i}`));
    expect(stackSignature({ stack: frames })).toHaveLength(MAX_SIGNATURE_FRAMES);
  });
});

describe('faultingModule', () => {
  it('passes over kernel-core frames like !analyze', () => {
    const frames = framesFromCallSites(['nt!KeBugCheckEx', 'nt!RtlDeleteNoSplay+0x2a', 'fltmgr!TreeUnlinkNoBalance+0x13']);
    expect(faultingModule({ stack: frames })).toBe('fltmgr');
    expect(faultingModule({ stack: framesFromCallSites(['nt!KeBugCheckEx', 'nt!ExFreePool+0x1']) })).toBe('nt');
    expect(faultingModule({ stack: [] })).toBeUndefined();
  });
});
