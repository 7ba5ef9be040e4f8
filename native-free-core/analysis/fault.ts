import type { DecodedInstruction } from '../disasm/disassembler';
import { hex, parseHex, tryParseHex, windbgAddress } from '../model/hex';
import type { CrashReport, Finding, StackFrame } from '../model/report';
import { isCanonical, isKernelAddress, isNearNull, isUserAddress } from './addresses';
import { lookupBugcheck } from './catalog/bugchecks';
import { lookupFastFail, lookupNtStatus } from './catalog/ntstatus';
import { instructionAt } from './code';
import { ev, finding, transcriptLines } from './findings';
import { instructionPointer, registerValue, stackPointer } from './registers';
import type { AnalysisContext, FaultClass, FaultDescription } from './types';

/** Exception codes the CPU raises at the faulting instruction. */
const HARDWARE_EXCEPTIONS = new Set<bigint>([
  0xc0000005n, 0xc0000006n, 0x80000001n, 0x80000002n, 0x80000003n, 0x80000004n, 0xc000001dn, 0xc0000096n, 0xc0000094n, 0xc0000095n,
  0xc00000fdn, 0xc0000409n, 0xc000008cn, 0xc000008dn, 0xc000008en, 0xc000008fn, 0xc0000090n, 0xc0000091n, 0xc0000092n, 0xc0000093n,
  0xc00002c5n, 0x4000001fn, 0xc00002b4n, 0xc00002b5n,
]);

const ALIGNED_MNEMONICS = /^(movaps|movapd|movdqa|movntdq|movntps|movntpd|movntdqa|vmovaps|vmovapd|vmovdqa|vmovdqa32|vmovdqa64|fxsave|fxrstor|fxsave64|fxrstor64|xsave|xrstor|xsave64|xrstor64|xsaves|xrstors|cmpxchg16b)$/;

function frameAt(frames: StackFrame[], ip: bigint): StackFrame | undefined {
  return frames.find((f) => tryParseHex(f.address) === ip);
}

export function frameSymbol(frame: StackFrame | undefined): string | undefined {
  if (!frame) return undefined;
  const mod = frame.module?.replace(/\.(sys|dll|exe)$/i, '');
  if (frame.function) return `${mod ? mod + '!' : ''}${frame.function}${frame.offset && tryParseHex(frame.offset) !== 0n ? '+' + hex(tryParseHex(frame.offset)!) : ''}`;
  if (mod) return `${mod}${frame.offset ? '+' + hex(tryParseHex(frame.offset) ?? 0n) : ''}`;
  return undefined;
}

/** A name for an address without a stack frame: the transcript's disassembly label, else module+offset. */
export function locateAddress(report: CrashReport, va: bigint): { symbol?: string; module?: string } | undefined {
  for (const line of report.disassembly ?? []) {
    if (line.symbol && tryParseHex(line.address) === va) return { symbol: line.symbol, module: line.symbol.split('!')[0] };
  }
  for (const m of report.modules) {
    const base = tryParseHex(m.base);
    const size = tryParseHex(m.size);
    if (base === undefined || size === undefined || va < base || va >= base + size) continue;
    const name = m.name.replace(/^.*[\\/]/, '').replace(/\.(sys|dll|exe|drv)$/i, '');
    return { symbol: `${name}+${hex(va - base)}`, module: m.name };
  }
  return undefined;
}

/** The instruction address of the fault: the fault context's ip, else the exception address, else the bug check argument that holds it. */
export function faultAddress(ctx: AnalysisContext): bigint | undefined {
  const ip = instructionPointer(ctx.registers, ctx.arch);
  if (ip !== undefined && ip !== 0n) return ip;
  const exc = tryParseHex(ctx.report.exception?.address);
  if (exc !== undefined) return exc;
  const bc = ctx.report.bugcheck;
  const argIndex = bc ? lookupBugcheck(bc.code)?.details?.faultAddressArg : undefined;
  if (bc && argIndex !== undefined) return tryParseHex(bc.args[argIndex]);
  return ip;
}

/** The exception code this crash is about: the exception record, or the bug check argument holding it. */
export function exceptionCode(ctx: AnalysisContext): bigint | undefined {
  const exc = tryParseHex(ctx.report.exception?.code);
  if (exc !== undefined) return exc & 0xffffffffn;
  const bc = ctx.report.bugcheck;
  const argIndex = bc ? lookupBugcheck(bc.code)?.details?.exceptionCodeArg : undefined;
  if (bc && argIndex !== undefined) {
    const v = tryParseHex(bc.args[argIndex]);
    return v === undefined ? undefined : v & 0xffffffffn;
  }
  return undefined;
}

function effectiveAddress(ctx: AnalysisContext, ins: DecodedInstruction): { address?: bigint; baseValue?: bigint; indexValue?: bigint } {
  const mem = ins.memory;
  const width = ctx.arch === 'x86' ? 32 : 64;
  if (!mem) {
    const sp = stackPointer(ctx.registers, ctx.arch);
    const ptr = BigInt(ctx.arch === 'x86' ? 4 : 8);
    if (sp === undefined) return {};
    if (ins.mnemonic === 'push' || ins.mnemonic === 'call') return { address: BigInt.asUintN(width, sp - ptr) };
    if (ins.mnemonic === 'pop' || ins.mnemonic === 'ret') return { address: sp };
    return {};
  }
  if (mem.absolute !== undefined) return { address: mem.absolute };
  // fs:/gs: based operands need the segment base, which the context does not hold.
  if (mem.segment === 'fs' || mem.segment === 'gs') return {};
  let address = mem.displacement;
  let baseValue: bigint | undefined;
  let indexValue: bigint | undefined;
  if (mem.base) {
    baseValue = registerValue(ctx.registers, mem.base, ctx.arch);
    if (baseValue === undefined) return {};
    address += baseValue;
  }
  if (mem.index) {
    indexValue = registerValue(ctx.registers, mem.index, ctx.arch);
    if (indexValue === undefined) return {};
    address += indexValue * BigInt(mem.scale);
  }
  return { address: BigInt.asUintN(width, address), baseValue, indexValue };
}

function modulesContain(ctx: AnalysisContext, va: bigint): boolean | undefined {
  if (ctx.report.modules.length === 0) return undefined;
  return ctx.report.modules.some((m) => {
    const base = tryParseHex(m.base);
    const size = tryParseHex(m.size);
    return base !== undefined && size !== undefined && va >= base && va < base + size;
  });
}

/** Decodes and classifies the fault; undefined when the report names no fault address. */
export function describeFault(ctx: AnalysisContext): { fault: FaultDescription; instruction?: DecodedInstruction } | undefined {
  const ip = faultAddress(ctx);
  if (ip === undefined) return undefined;
  const { report, arch } = ctx;
  const frame = frameAt(report.stack, ip);
  const code = exceptionCode(ctx);
  // Software exceptions (RaiseException, C++ throw, invalid parameter) leave ip after a call: the instruction there did not fault.
  const decoded = code === undefined || HARDWARE_EXCEPTIONS.has(code) ? instructionAt(ctx, ip) : undefined;
  const ins = decoded?.instruction;
  const bugcheck = report.bugcheck ? tryParseHex(report.bugcheck.code) : undefined;
  const baseBugcheck = bugcheck !== undefined ? (bugcheck >= 0x10000000n && bugcheck < 0x10001000n ? bugcheck & 0xfffn : bugcheck) : undefined;
  const kernelMode = isKernelAddress(ip, arch) || (report.bugcheck !== undefined && !isUserAddress(ip, arch));

  const fault: FaultDescription = { address: hex(ip), classes: [], kernelMode };
  const located = frame ? undefined : locateAddress(report, ip);
  const symbol = frameSymbol(frame) ?? located?.symbol;
  if (symbol) fault.symbol = symbol;
  const module = frame?.module ?? located?.module;
  if (module) fault.module = module;
  if (frame) fault.frameIndex = frame.index;
  if (code !== undefined) {
    fault.exceptionCode = hex(code);
    const name = lookupNtStatus(code)?.name;
    if (name) fault.exceptionName = name;
  }

  let ea: bigint | undefined;
  if (ins) {
    fault.instruction = { text: ins.text, source: decoded!.source };
    if (ins.bytes.length) fault.instruction.bytes = [...ins.bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    const e = effectiveAddress(ctx, ins);
    ea = e.address;
    if (ins.memory) {
      const m = ins.memory;
      fault.memoryOperand = { scale: m.scale, displacement: hex(m.displacement), size: m.size };
      const bracket = /(?:[a-z]+ ptr )?(?:[a-z]s:)?\[[^\]]*\]/.exec(ins.operands)?.[0];
      if (bracket) fault.memoryOperand.text = bracket;
      if (m.base) fault.memoryOperand.base = m.base;
      if (e.baseValue !== undefined) fault.memoryOperand.baseValue = hex(e.baseValue);
      if (m.index) fault.memoryOperand.index = m.index;
      if (e.indexValue !== undefined) fault.memoryOperand.indexValue = hex(e.indexValue);
      if (m.segment) fault.memoryOperand.segment = m.segment;
    }
    if (ins.writesMemory) fault.access = 'write';
    else if (ins.readsMemory || ins.mnemonic === 'ret' || ins.mnemonic === 'pop') fault.access = 'read';
    if ((ins.mnemonic === 'push' || ins.mnemonic === 'call') && ins.memory === undefined) fault.access = 'write';
  }
  const exAccess = report.exception?.accessType;
  if (!fault.access && exAccess) fault.access = exAccess;
  if (exAccess === 'execute') fault.access = 'execute';
  if (ea === undefined) ea = tryParseHex(report.exception?.accessAddress);
  if (ea === undefined && baseBugcheck !== undefined) {
    const memArg = lookupBugcheck(baseBugcheck)?.details?.memoryArg;
    if (memArg !== undefined) ea = tryParseHex(report.bugcheck!.args[memArg]);
  }
  if (ea !== undefined) fault.effectiveAddress = hex(ea);

  const classes = new Set<FaultClass>();
  const executeFault = fault.access === 'execute' || baseBugcheck === 0xfcn || (ea !== undefined && ea === ip && !ins?.memory);
  if (executeFault) {
    fault.access = 'execute';
    if (modulesContain(ctx, ip) === false || baseBugcheck === 0xfcn || (kernelMode && isUserAddress(ip, arch))) classes.add('execute-non-code');
  }
  if (ea !== undefined && fault.access !== undefined) {
    if (isNearNull(ea)) classes.add('null-pointer');
    else if (!isCanonical(ea, arch)) classes.add('non-canonical-address');
    else if (kernelMode && isUserAddress(ea, arch)) classes.add('user-address-in-kernel');
  }
  if (baseBugcheck === 0xben) classes.add('write-to-read-only');
  else if (fault.access === 'write' && ea !== undefined && modulesContain(ctx, ea) && code === 0xc0000005n) classes.add('write-to-read-only');
  const sp = stackPointer(ctx.registers, arch);
  if (code === 0xc00000fdn || (baseBugcheck === 0x7fn && tryParseHex(report.bugcheck!.args[0]) === 8n)) classes.add('stack-overflow');
  else if (ea !== undefined && sp !== undefined && ea < sp && sp - ea <= 0x1000n && code === 0x80000001n) classes.add('stack-overflow');
  const isInt29 = ins?.mnemonic === 'int' && /^29h$/i.test(ins.operands.trim());
  if (code === 0xc0000409n || baseBugcheck === 0x139n || isInt29) {
    classes.add('fail-fast');
    const sub = baseBugcheck === 0x139n ? tryParseHex(report.bugcheck!.args[0]) : tryParseHex(report.exception?.subcode ?? report.exception?.parameters?.[0]);
    const subFromRcx = sub ?? (isInt29 ? registerValue(ctx.registers, arch === 'x86' ? 'ecx' : 'rcx', arch) : undefined);
    if (subFromRcx !== undefined) {
      fault.failFastCode = hex(subFromRcx);
      const name = lookupFastFail(subFromRcx)?.name;
      if (name) fault.failFastName = name;
    }
  }
  if (code === 0x80000002n || code === 0xc00002c5n) classes.add('misaligned-access');
  else if (ins && ALIGNED_MNEMONICS.test(ins.mnemonic) && ea !== undefined && ea % 16n !== 0n) classes.add('misaligned-access');
  if (code === 0x80000003n || code === 0x4000001fn || ins?.mnemonic === 'int3' || (ins?.mnemonic === 'int' && /^3$/.test(ins.operands.trim()))) classes.add('breakpoint');
  if (code === 0xc000001dn || ins?.mnemonic === 'ud2' || ins?.invalid) classes.add('invalid-instruction');
  if (code === 0xc0000094n) classes.add('divide-by-zero');
  fault.classes = [...classes];
  return { fault, instruction: ins };
}

function addressText(v: bigint, ctx: AnalysisContext): string {
  return windbgAddress(v, ctx.arch === 'x86' ? 32 : 64);
}

/** One finding per fault class, plus the faulting instruction itself. */
export function faultFindings(ctx: AnalysisContext, fault: FaultDescription): Finding[] {
  const out: Finding[] = [];
  const ip = parseHex(fault.address);
  const where = fault.symbol ? `${fault.symbol} (${addressText(ip, ctx)})` : addressText(ip, ctx);
  const frameEv = fault.frameIndex !== undefined ? [ev.frame(fault.frameIndex)] : [];
  const modEv = fault.module ? [ev.module(fault.module)] : [];
  const ea = fault.effectiveAddress !== undefined ? parseHex(fault.effectiveAddress) : undefined;
  const mo = fault.memoryOperand;
  const regEv = [
    ...(mo?.base && mo.baseValue ? [ev.register(mo.base, parseHex(mo.baseValue))] : []),
    ...(mo?.index && mo.indexValue ? [ev.register(mo.index, parseHex(mo.indexValue))] : []),
  ];
  const operandText = mo?.text && mo.base && mo.baseValue ? ` (${mo.text.replace(/^[a-z]+ ptr /, '')}, ${mo.base} = ${addressText(parseHex(mo.baseValue), ctx)})` : '';
  const accessVerb = fault.access === 'write' ? 'writing' : fault.access === 'execute' ? 'executing' : 'reading';
  const eaEv = ea !== undefined ? [ev.address(ea, 'effective address')] : [];

  if (fault.instruction) {
    const eaText = ea !== undefined ? `; it ${fault.access === 'write' ? 'writes' : fault.access === 'execute' ? 'executes' : 'reads'} ${addressText(ea, ctx)}` : '';
    out.push(finding('fault-instruction', 'fault-instruction', 'info', `Faulting instruction at ${where}: ${fault.instruction.text}${eaText}`,
      [ev.instruction(ip, fault.instruction.text), ...frameEv, ...modEv, ...regEv, ...eaEv, ...transcriptLines(ctx.report, ip, 'instruction')],
      { data: { source: fault.instruction.source, bytes: fault.instruction.bytes, access: fault.access } }));
  }
  for (const cls of fault.classes) {
    const base = { evidence: [ev.instruction(ip, fault.instruction?.text), ...frameEv, ...regEv, ...eaEv] };
    switch (cls) {
      case 'null-pointer':
        out.push(finding('null-pointer', 'null-pointer', 'high', `NULL-pointer dereference: ${accessVerb} ${addressText(ea!, ctx)}${operandText} at ${where}`, base.evidence));
        break;
      case 'non-canonical-address':
        out.push(finding('non-canonical-address', 'non-canonical-address', 'high', `Non-canonical address ${addressText(ea!, ctx)}${operandText} at ${where}: a corrupted or uninitialised pointer (the CPU raises #GP, so the exception address may not show it)`, base.evidence));
        break;
      case 'user-address-in-kernel':
        out.push(finding('user-address-in-kernel', 'user-address-in-kernel', 'high', `Kernel-mode code ${accessVerb} user-mode address ${addressText(ea!, ctx)}${operandText} at ${where}`, base.evidence,
          { details: 'A kernel pointer was expected here; a user-range value in a kernel structure usually means the pointer was never set, was freed and reused, or was corrupted.' }));
        break;
      case 'write-to-read-only':
        out.push(finding('write-to-read-only', 'write-to-read-only', 'high', `Write to read-only memory${ea !== undefined ? ' at ' + addressText(ea, ctx) : ''} from ${where}`, base.evidence));
        break;
      case 'execute-non-code':
        out.push(finding('execute-non-code', 'execute-non-code', 'high', `Execution at ${addressText(ip, ctx)}, which is not code of any loaded module`, [ev.address(ip, 'instruction pointer'), ...frameEv]));
        break;
      case 'stack-overflow':
        out.push(finding('stack-overflow', 'stack-overflow', 'high', `Stack overflow (guard page or double fault) at ${where}`, base.evidence));
        break;
      case 'fail-fast':
        out.push(finding('fail-fast', 'fail-fast', 'high', `Fail-fast${fault.failFastCode !== undefined ? ` code ${fault.failFastCode}${fault.failFastName ? ' ' + fault.failFastName : ''}` : ''} raised at ${where}`, base.evidence,
          { details: fault.failFastName ? lookupFastFail(fault.failFastCode!)?.message : undefined }));
        break;
      case 'misaligned-access':
        out.push(finding('misaligned-access', 'misaligned-access', 'medium', `Misaligned access${ea !== undefined ? ' to ' + addressText(ea, ctx) : ''} by ${fault.instruction?.text ?? 'the instruction'} at ${where}`, base.evidence));
        break;
      case 'breakpoint':
        out.push(finding('breakpoint', 'breakpoint', 'medium', `Breakpoint (int 3) hit at ${where}`, base.evidence));
        break;
      case 'invalid-instruction':
        out.push(finding('invalid-instruction', 'invalid-instruction', 'high', `Illegal or undefined instruction (ud2 / invalid opcode) at ${where}`, base.evidence));
        break;
      case 'divide-by-zero':
        out.push(finding('divide-by-zero', 'divide-by-zero', 'medium', `Integer division by zero at ${where}`, base.evidence));
        break;
    }
  }
  return out;
}
