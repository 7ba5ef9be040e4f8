import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { undecoratePublicName } from './undecorate';

const msvc = (name: string): string => undecoratePublicName(name, false);

describe('undecoratePublicName', () => {
  it('gives the qualified name of plain functions and methods', () => {
    expect(msvc('?TreeUnlinkMulti@@YAXPEAU_TREE@@@Z')).toBe('TreeUnlinkMulti');
    expect(msvc('?InvokeClient@FxPnpDevicePrepareHardware@@MEAAJXZ')).toBe('FxPnpDevicePrepareHardware::InvokeClient');
    expect(msvc('?Run@Inner@Outer@ns@@QEAAXXZ')).toBe('ns::Outer::Inner::Run');
    expect(msvc('?g_count@@3HA')).toBe('g_count');
  });

  it('names constructors, destructors and operators', () => {
    expect(msvc('??0FxDevice@@QEAA@XZ')).toBe('FxDevice::FxDevice');
    expect(msvc('??1FxDevice@@UEAA@XZ')).toBe('FxDevice::~FxDevice');
    expect(msvc('??2FxObject@@SAPEAX_KPEAU_FX_DRIVER_GLOBALS@@@Z')).toBe('FxObject::operator new');
    expect(msvc('??3FxObject@@SAXPEAX@Z')).toBe('FxObject::operator delete');
    expect(msvc('??4Widget@ui@@QEAAAEAV01@AEBV01@@Z')).toBe('ui::Widget::operator=');
    expect(msvc('??_GFxDevice@@UEAAPEAXI@Z')).toBe("FxDevice::`scalar deleting destructor'");
    expect(msvc('??_EFxDevice@@UEAAPEAXI@Z')).toBe("FxDevice::`vector deleting destructor'");
    expect(msvc('??_7FxDevice@@6B@')).toBe("FxDevice::`vftable'");
  });

  it('shows templates with their arguments and follows back-references', () => {
    expect(msvc('?push_back@?$vector@HV?$allocator@H@std@@@std@@QEAAXAEBH@Z')).toBe('std::vector<int,std::allocator<int>>::push_back');
    expect(msvc('??0?$FxList@PEAU_IRP@@$0BA@@@QEAA@XZ')).toBe('FxList<_IRP *,16>::FxList<_IRP *,16>');
    expect(msvc('??$max@H@std@@YAAEBHAEBH0@Z')).toBe('std::max<int>');
    expect(msvc('?Get@Cache@1@QEAAXXZ')).toBe('Cache::Cache::Get');
  });

  it('names anonymous namespaces', () => {
    expect(msvc('?Helper@?A0x1234abcd@@YAXXZ')).toBe("`anonymous namespace'::Helper");
    expect(msvc('?Run@Impl@?A0x5e2f00aa@Driver@@QEAAXXZ')).toBe("Driver::`anonymous namespace'::Impl::Run");
  });

  it('strips x86 C decorations only for x86 modules', () => {
    expect(undecoratePublicName('_KeBugCheckEx@20', true)).toBe('KeBugCheckEx');
    expect(undecoratePublicName('@KfAcquireSpinLock@4', true)).toBe('KfAcquireSpinLock');
    expect(undecoratePublicName('_memcpy', true)).toBe('memcpy');
    expect(undecoratePublicName('__security_check_cookie', false)).toBe('__security_check_cookie');
    expect(undecoratePublicName('_KeBugCheckEx@20', false)).toBe('_KeBugCheckEx@20');
    expect(undecoratePublicName('?Func@@YGXH@Z', true)).toBe('Func');
  });

  it('returns what it does not understand unchanged', () => {
    for (const name of ['KeBugCheckEx', '?', '??', '?name', '??_C@_0BA@ABCDEF@hello?$AA@', '?x@@', '?f@?1??g@@YAXXZ@4HA', '??Bconv@@QEAA_NXZ', '?a@9@YAXXZ', '']) {
      expect(msvc(name)).toBe(name);
    }
  });

  it('never throws and always ends on arbitrary input', () => {
    const alphabet = fc.constantFrom('?', '@', '$', '0', '1', '2', 'A', 'B', 'E', 'H', 'P', 'V', 'U', 'W', '4', '_', 'x', 'Q', 'G', '9');
    const decoratedLike = fc.array(alphabet, { maxLength: 60 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), decoratedLike, decoratedLike.map((s) => `?${s}`), decoratedLike.map((s) => `??${s}`)), fc.boolean(), (name, x86) => {
        expect(typeof undecoratePublicName(name, x86)).toBe('string');
      }),
      { numRuns: 3000 },
    );
    expect(undecoratePublicName(`?${'?$a@'.repeat(5000)}`, false)).toBe(`?${'?$a@'.repeat(5000)}`);
  });
});
