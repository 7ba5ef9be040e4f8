import type { PoolOutput, TypeField, TypeOutput } from '../../formats/windbg-text/types';
import type { AddressSpace } from '../../model/address-space';
import { EMPTY_ADDRESS_SPACE } from '../../model/address-space';
import { emptyReport, type CrashReport, type InstructionLine, type StackFrame } from '../../model/report';
import type { ParsedDump } from '../../model/parsed-dump';

/**
 * The seed crash (corpus/seed/crash1-analyze.txt) as a report built by hand
 * with the transcript's real values, for testing analysis independently of
 * the WinDbg text importer.
 */
export const SEED_U_LISTING: [string, string, string][] = [
  ['fffff8800106f0f0', 'fff3', 'push    rbx'],
  ['fffff8800106f0f2', '55', 'push    rbp'],
  ['fffff8800106f0f3', '57', 'push    rdi'],
  ['fffff8800106f0f4', '4883ec30', 'sub     rsp,30h'],
  ['fffff8800106f0f8', '33ff', 'xor     edi,edi'],
  ['fffff8800106f0fa', '488be9', 'mov     rbp,rcx'],
  ['fffff8800106f0fd', '4883faff', 'cmp     rdx,0FFFFFFFFFFFFFFFFh'],
  ['fffff8800106f101', '0f840c010000', 'je      fltmgr!TreeUnlinkMulti+0x123 (fffff880`0106f213)'],
  ['fffff8800106f107', '4c89642458', 'mov     qword ptr [rsp+58h],r12'],
  ['fffff8800106f10c', '4c8be2', 'mov     r12,rdx'],
  ['fffff8800106f10f', '4983f8ff', 'cmp     r8,0FFFFFFFFFFFFFFFFh'],
  ['fffff8800106f113', '0f85eb450000', "jne     fltmgr! ?? ::FNODOBFM::`string'+0x504 (fffff880`01073704)"],
  ['fffff8800106f119', '4889742450', 'mov     qword ptr [rsp+50h],rsi'],
  ['fffff8800106f11e', '488b31', 'mov     rsi,qword ptr [rcx]'],
  ['fffff8800106f121', '4885f6', 'test    rsi,rsi'],
  ['fffff8800106f124', '7518', 'jne     fltmgr!TreeUnlinkMulti+0x4e (fffff880`0106f13e)'],
  ['fffff8800106f126', '488bdf', 'mov     rbx,rdi'],
  ['fffff8800106f129', '488b742450', 'mov     rsi,qword ptr [rsp+50h]'],
  ['fffff8800106f12e', '488bc3', 'mov     rax,rbx'],
  ['fffff8800106f131', '4c8b642458', 'mov     r12,qword ptr [rsp+58h]'],
  ['fffff8800106f136', '4883c430', 'add     rsp,30h'],
  ['fffff8800106f13a', '5f', 'pop     rdi'],
  ['fffff8800106f13b', '5d', 'pop     rbp'],
  ['fffff8800106f13c', '5b', 'pop     rbx'],
  ['fffff8800106f13d', 'c3', 'ret'],
  ['fffff8800106f13e', '488bdf', 'mov     rbx,rdi'],
  ['fffff8800106f141', '488b4620', 'mov     rax,qword ptr [rsi+20h]'],
];

export const SEED_REGISTERS: Record<string, string> = {
  rax: '0xfffffaf7072f96b0', rbx: '0x0', rcx: '0xfffffa8008e13318', rdx: '0xfffffa8007e5b550', rsi: '0x9d00000000', rdi: '0x0',
  rip: '0xfffff8800106f141', rsp: '0xfffff88005f46330', rbp: '0xfffffa8008e13318', r8: '0xffffffffffffffff', r9: '0xffffffffffffffff',
  r10: '0xfffffffffffffe4a', r11: '0x1', r12: '0xfffffa8007e5b550', r13: '0xfffffa8007e34684', r14: '0x4000', r15: '0x0', efl: '0x10206',
};

function frame(index: number, address: string, module: string, fn: string, offset: string, sp: string): StackFrame {
  return { index, address, module, function: fn, offset, sp, trust: 'transcript' };
}

function field(offset: string, name: string, value?: string, numeric?: string, children?: TypeField[], type?: string): TypeField {
  const f: TypeField = { offset, name, line: 0 };
  if (value !== undefined) f.value = value;
  if (numeric !== undefined) f.numeric = numeric;
  if (children) f.children = children;
  if (type) f.type = type;
  return f;
}

const str = (name: string, offset: string, buffer: string, numeric: string) =>
  field(offset, name, '_UNICODE_STRING', undefined, [field('0x000', 'Length', '0', '0x0'), field('0x002', 'MaximumLength', '0', '0x0'), field('0x008', 'Buffer', buffer, numeric)]);

export const SEED_TYPES: TypeOutput[] = [
  {
    typeName: '_STREAM_LIST_CTRL', module: 'fltmgr', addressExpression: 'fffffa8008e13270+10', address: '0xfffffa8008e13280', expanded: false, lines: [200, 214],
    fields: [
      field('0x000', 'Type', '_FLT_TYPE'), field('0x008', 'ContextCtrl', '_FSRTL_PER_STREAM_CONTEXT'),
      field('0x030', 'VolumeLink', '_LIST_ENTRY [ 0xfffffa80`07043c60 - 0xfffffa80`08e03390 ]'), field('0x040', 'Flags', '0x211 (No matching name)', '0x211'),
      field('0x044', 'UseCount', '4', '0x4'), field('0x048', 'ContextLock', '_EX_PUSH_LOCK'), field('0x050', 'StreamContexts', '_CONTEXT_LIST_CTRL'),
      field('0x058', 'StreamHandleContexts', '_CONTEXT_LIST_CTRL'), field('0x060', 'NameCacheLock', '_EX_PUSH_LOCK'), field('0x068', 'LastRenameCompleted', '_LARGE_INTEGER 0x0'),
      field('0x070', 'NormalizedNameCache', '_NAME_CACHE_LIST_CTRL'), field('0x080', 'ShortNameCache', '_NAME_CACHE_LIST_CTRL'),
      field('0x090', 'OpenedNameCache', '_NAME_CACHE_LIST_CTRL'), field('0x0a0', 'AllNameContextsTemporary', '0', '0x0'),
    ],
  },
  {
    typeName: '_NAME_CACHE_LIST_CTRL', module: 'fltmgr', addressExpression: '@rcx-8', expanded: true, lines: [230, 233],
    fields: [field('0x000', 'NameFormat', '2', '0x2'), field('0x008', 'List', '_TREE_ROOT', undefined, [field('0x000', 'Tree', '0xfffff8a0`0d106d58', '0xfffff8a00d106d58')])],
  },
  {
    typeName: '_NAME_CACHE_NODE', module: 'fltmgr', addressExpression: 'fffff8a00d106d40', address: '0xfffff8a00d106d40', expanded: false, lines: [254, 260],
    fields: [
      field('0x000', 'Type', '_FLT_TYPE'), field('0x008', 'ProvidingInstance', '0x00000081`00000000 _FLT_INSTANCE', '0x8100000000'),
      field('0x010', 'CreationTime', '_LARGE_INTEGER 0x3f`00067e77'), field('0x018', 'TreeLink', '_TREE_NODE'), field('0x050', 'NameInfo', '_FLT_FILE_NAME_INFORMATION'), field('0x0c8', 'UseCount', '1', '0x1'),
    ],
  },
  {
    typeName: '_NAME_CACHE_NODE', module: 'fltmgr', addressExpression: 'fffff8a00d106d40', address: '0xfffff8a00d106d40', expanded: true, lines: [264, 322],
    fields: [
      field('0x000', 'Type', '_FLT_TYPE', undefined, [field('0x000', 'Signature', '0xf204', '0xf204'), field('0x002', 'Size', '0x176', '0x176')]),
      field('0x008', 'ProvidingInstance', '0x00000081`00000000', '0x8100000000'),
      field('0x010', 'CreationTime', '_LARGE_INTEGER 0x3f`00067e77', undefined, [field('0x000', 'LowPart', '0x67e77', '0x67e77'), field('0x004', 'HighPart', '63', '0x3f')]),
      field('0x018', 'TreeLink', '_TREE_NODE', undefined, [
        field('0x000', 'Link', '_RTL_SPLAY_LINKS', undefined, [
          field('0x000', 'Parent', '0xfffff889`0d106d58', '0xfffff8890d106d58'),
          field('0x008', 'LeftChild', '0x0000001d`00000000', '0x1d00000000'),
          field('0x010', 'RightChild', '0xfffff835`0d17eb28', '0xfffff8350d17eb28'),
        ]),
        field('0x018', 'TreeRoot', '0xfffffaff`08e13318', '0xfffffaff08e13318'),
        field('0x020', 'Key1', '0xfffffaf7`072f96b0', '0xfffffaf7072f96b0'),
        field('0x028', 'Key2', '(null)', '0x0'),
        field('0x030', 'Flags', '0x14000', '0x14000'),
      ]),
      field('0x050', 'NameInfo', '_FLT_FILE_NAME_INFORMATION', undefined, [
        field('0x000', 'Size', '0x78', '0x78'),
        field('0x008', 'Name', '_UNICODE_STRING "\\Device\\HarddiskVolume2\\UsIrs\\???"', undefined, [field('0x008', 'Buffer', '0xfffff8a0`0d106e10  "\\Device\\HarddiskVolume2\\UsIrs\\???"', '0xfffff8a00d106e10')]),
        field('0x018', 'Volume', '_UNICODE_STRING "\\Device\\HarddiskVolume2"', undefined, [field('0x008', 'Buffer', '0xfffff8a0`0d106e10  "\\Device\\HarddiskVolume2"', '0xfffff8a00d106e10')]),
        str('Share', '0x028', '0x000000e8`00000000  "--- memory read error at address 0x000000e8`00000000 ---"', '0xe800000000'),
        str('Extension', '0x038', '0x000000f3`00000000  "--- memory read error at address 0x000000f3`00000000 ---"', '0xf300000000'),
        str('Stream', '0x048', '0x00000041`00000000  "--- memory read error at address 0x00000041`00000000 ---"', '0x4100000000'),
        str('FinalComponent', '0x058', '0x000000d9`00000000  "--- memory read error at address 0x000000d9`00000000 ---"', '0xd900000000'),
        str('ParentDir', '0x068', '(null)', '0x0'),
      ]),
      field('0x0c8', 'UseCount', '1', '0x1'),
    ],
  },
];

const block = (address: string, size: string, previousSize: string, tag: string, allocated: boolean, marked = false) => ({ address, size, previousSize, tag, allocated, marked, line: 0 });

export const SEED_POOLS: PoolOutput[] = [
  {
    query: '@rcx', address: '0xfffffa8008e13318', region: 'Nonpaged pool', lines: [160, 181],
    blocks: [
      block('0xfffffa8008e13000', '0x150', '0x0', 'File', true), block('0xfffffa8008e13150', '0x30', '0x150', 'Io', true),
      block('0xfffffa8008e13250', '0x20', '0x80', 'Io', false), block('0xfffffa8008e13270', '0xc0', '0x20', 'FMsl', true, true),
      block('0xfffffa8008e13330', '0x150', '0xc0', 'File', true),
    ],
    markedBlock: block('0xfffffa8008e13270', '0xc0', '0x20', 'FMsl', true, true),
    tagDescription: { tag: 'FMsl', description: 'STREAM_LIST_CTRL structure', binary: 'fltmgr.sys', line: 168 },
  },
  {
    query: '0xfffff8a0`0d106d58', address: '0xfffff8a00d106d58', region: 'Paged pool', lines: [236, 251],
    blocks: [block('0xfffff8a00d106cf0', '0x40', '0x40', '.tFs', true), block('0xfffff8a00d106d30', '0x190', '0x40', 'FMfn', true, true), block('0xfffff8a00d106ec0', '0x140', '0x190', 'APsc', true)],
    markedBlock: block('0xfffff8a00d106d30', '0x190', '0x40', 'FMfn', true, true),
    tagDescription: { tag: 'FMfn', description: 'NAME_CACHE_NODE structure', binary: 'fltmgr.sys', line: 250 },
  },
];

export function seedReport(): CrashReport {
  const r = emptyReport('windbg-text', 'transcript');
  r.system = { arch: 'x64' };
  r.bugcheck = { code: '0x3b', args: ['0xc0000005', '0xfffff8800106f141', '0xfffff88005f45960', '0x0'] };
  r.process = 'CarboniteServi';
  r.context = { arch: 'x64', registers: { ...SEED_REGISTERS } };
  r.stack = [
    frame(0, '0xfffff8800106f141', 'fltmgr', 'TreeUnlinkMulti', '0x51', '0xfffff88005f46330'),
    frame(1, '0xfffff8800106c460', 'fltmgr', 'FltpPerformPreCallbacks', '0x730', '0xfffff88005f46380'),
    frame(2, '0xfffff8800106cbe9', 'fltmgr', 'FltpPassThrough', '0x2d9', '0xfffff88005f46480'),
    frame(3, '0xfffff8800106b6c7', 'fltmgr', 'FltpDispatch', '0xb7', '0xfffff88005f46500'),
    frame(4, '0xfffff80002da278e', 'nt', 'IopDeleteFile', '0x11e', '0xfffff88005f46560'),
  ];
  r.disassembly = SEED_U_LISTING.map(([a, b, t]): InstructionLine => ({ address: '0x' + a, bytes: b, text: t, provenance: { source: 'transcript', detail: 'u' } }));
  r.knownMemory = [
    { address: '0xfffff8800106f0f0', bytes: SEED_U_LISTING.map((l) => l[1]).join(''), provenance: { source: 'transcript', detail: 'u disassembly bytes' } },
    { address: '0xfffffa8008e13318', bytes: '586d100da0f8ffff', provenance: { source: 'transcript', detail: 'dq @rcx l1' } },
  ];
  r.extra = { pools: SEED_POOLS, types: SEED_TYPES };
  return r;
}

export function seedParsed(memory: AddressSpace = EMPTY_ADDRESS_SPACE): ParsedDump {
  return { report: seedReport(), memory };
}
