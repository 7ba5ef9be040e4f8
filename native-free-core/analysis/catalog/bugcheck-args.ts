/**
 * Short descriptions and the meaning of each argument of the common bug
 * checks, restated briefly from Microsoft's public bug check reference
 * (learn.microsoft.com, CC-BY-4.0). Keyed by the code's lower-case hex
 * without 0x. The 0x1000_00xx aliases share the entries of their base code.
 */
export interface BugcheckDetails {
  description: string;
  args: [string, string, string, string];
  /** Which argument (0-based) holds the exception code, the faulting address, the context / exception record / trap frame. */
  exceptionCodeArg?: number;
  faultAddressArg?: number;
  exceptionRecordArg?: number;
  contextRecordArg?: number;
  trapFrameArg?: number;
  /** Which argument is the referenced memory address. */
  memoryArg?: number;
}

export const BUGCHECK_DETAILS: Record<string, BugcheckDetails> = {
  '1': { description: 'A mismatch in the APC state index (a thread returned with APCs disabled or the APC state changed).', args: ['Address of the system function or call.', 'Thread ApcStateIndex.', "Thread's kernel APC disable count (combined special and normal).", 'Call type (0 = system call, 1 = worker routine).'] },
  'a': { description: 'Kernel-mode code accessed paged or invalid memory at an IRQL that was too high.', args: ['Memory referenced.', 'IRQL at the time of the reference.', 'Bit 0: 0 = read, 1 = write; bit 3: 1 = execute.', 'Address of the instruction that referenced the memory.'], memoryArg: 0, faultAddressArg: 3 },
  '19': { description: 'A pool header is corrupt.', args: ['Type of violation (see the reference).', 'Depends on the type: usually the pool entry or page.', 'Depends on the type.', 'Depends on the type.'] },
  '1a': { description: 'A severe memory-management error occurred.', args: ['Type of violation (see the reference).', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  '1e': { description: 'A kernel-mode program generated an exception that the error handler did not catch.', args: ['Exception code that was not handled.', 'Address at which the exception occurred.', 'Parameter 0 of the exception.', 'Parameter 1 of the exception.'], exceptionCodeArg: 0, faultAddressArg: 1 },
  '24': { description: 'A problem occurred in ntfs.sys.', args: ['Source file and line number.', 'Exception record address, if any.', 'Context record address, if any.', 'Reserved.'], exceptionRecordArg: 1, contextRecordArg: 2 },
  '3b': { description: 'An exception happened while executing a system service routine.', args: ['Exception code that caused the bug check.', 'Address of the instruction that caused the bug check.', 'Address of the context record for the exception that caused the bug check.', 'Zero (not used).'], exceptionCodeArg: 0, faultAddressArg: 1, contextRecordArg: 2 },
  '3d': { description: 'An exception was not handled in an interrupt routine.', args: ['Exception record address.', 'Context record address.', 'Reserved.', 'Reserved.'], exceptionRecordArg: 0, contextRecordArg: 1 },
  '44': { description: 'A driver tried to complete an IRP that was already completed.', args: ['Address of the IRP.', 'Reserved.', 'Reserved.', 'Reserved.'] },
  '4e': { description: 'The page frame number (PFN) list is corrupted.', args: ['Type of violation (see the reference).', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  '50': { description: 'Invalid system memory was referenced.', args: ['Memory address referenced.', 'After Windows 1507: 0 = read, 2 = write, 10 = execute (earlier: 0 = read, 1 = write).', 'Address of the instruction that referenced the memory, if known.', 'Type of page fault (see the reference).'], memoryArg: 0, faultAddressArg: 2 },
  '77': { description: 'A requested page of kernel data from the paging file could not be read into memory.', args: ['Status code or 0.', 'Depends on argument 1.', 'Depends on argument 1.', 'Depends on argument 1.'] },
  '7a': { description: 'A requested page of kernel data from the paging file could not be read into memory.', args: ['Lock type or page table entry (see the reference).', 'Error status (usually an I/O status code).', 'Depends on argument 1 (e.g. current process).', 'Virtual address that could not be paged in.'], memoryArg: 3 },
  '7b': { description: 'Windows lost access to the system partition during startup.', args: ['Address of a UNICODE_STRING or device object.', 'Status code.', 'Reserved.', 'Reserved.'] },
  '7e': { description: 'A system thread generated an exception that the error handler did not catch.', args: ['Exception code that was not handled.', 'Address where the exception occurred.', 'Exception record address.', 'Context record address.'], exceptionCodeArg: 0, faultAddressArg: 1, exceptionRecordArg: 2, contextRecordArg: 3 },
  '7f': { description: 'A trap occurred in kernel mode that the kernel does not allow or catch (e.g. double fault).', args: ['Processor exception code (e.g. 8 = double fault, 0 = divide error, 6 = invalid opcode).', 'Reserved (on x64 may hold the trap frame).', 'Reserved.', 'Reserved.'] },
  '8e': { description: 'A kernel-mode application generated an exception that the error handler did not catch.', args: ['Exception code that was not handled.', 'Address where the exception occurred.', 'Trap frame address.', 'Reserved.'], exceptionCodeArg: 0, faultAddressArg: 1, trapFrameArg: 2 },
  '9c': { description: 'A fatal machine check exception occurred.', args: ['Processor number (x86) / bank number.', 'Address of the MCA_EXCEPTION structure or reserved.', 'Machine check status (high).', 'Machine check status (low).'] },
  '9f': { description: 'A driver is in an inconsistent or invalid power state.', args: ['Subtype (1 = device object freed with pending power IRP, 3 = IRP blocked too long, 4 = PnP timeout, …).', 'Depends on the subtype (e.g. physical device object).', 'Depends on the subtype (e.g. functional device object or nt!TRIAGE_9F_POWER).', 'Depends on the subtype (e.g. the blocked IRP).'] },
  'a0': { description: 'The power policy manager experienced a fatal error.', args: ['Type of error (see the reference).', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  'be': { description: 'A driver attempted to write to read-only memory.', args: ['Virtual address of the attempted write.', 'PTE contents.', 'Reserved (trap frame).', 'Reserved.'], memoryArg: 0, trapFrameArg: 2 },
  'c1': { description: 'A driver wrote to an invalid section of the special pool.', args: ['Address the driver tried to free.', 'Reserved.', 'Reserved.', 'Type of violation.'] },
  'c2': { description: 'The current thread made a bad pool request.', args: ['Type of violation (see the reference).', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  'c4': { description: 'Driver Verifier detected a violation.', args: ['Type of violation (see the reference).', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  'c5': { description: 'The system attempted to access invalid memory at a process IRQL that was too high (pool corrupted by a driver).', args: ['Memory referenced.', 'IRQL at the time of the reference.', '0 = read, 1 = write.', 'Address that referenced the memory.'], memoryArg: 0, faultAddressArg: 3 },
  'c7': { description: 'A kernel timer or DPC was found in memory where it is not permitted.', args: ['Type of corruption.', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  'ca': { description: 'The Plug and Play manager encountered a severe error.', args: ['Type of violation.', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  'cc': { description: 'The system referenced memory that was earlier freed (special pool).', args: ['Memory address referenced.', '0 = read, 1 = write.', 'Address that referenced the memory, if known.', 'Reserved.'], memoryArg: 0, faultAddressArg: 2 },
  'cd': { description: 'The system accessed memory beyond the end of a special-pool allocation.', args: ['Memory address referenced.', '0 = read, 1 = write.', 'Address that referenced the memory, if known.', 'Reserved.'], memoryArg: 0, faultAddressArg: 2 },
  'ce': { description: 'A driver unloaded without cancelling pending operations.', args: ['Memory address referenced.', '0 = read, 1 = write.', 'Address that referenced the memory, if known.', 'Reserved.'], memoryArg: 0, faultAddressArg: 2 },
  'd1': { description: 'A kernel-mode driver accessed pageable memory at an IRQL that was too high.', args: ['Memory referenced.', 'IRQL at the time of the reference.', '0 = read, 1 = write, 2 = execute, 8 = execute.', 'Address that referenced the memory.'], memoryArg: 0, faultAddressArg: 3 },
  'd5': { description: 'A driver referenced memory that was earlier freed (special pool).', args: ['Memory referenced.', '0 = read, 1 = write.', 'Address that referenced the memory, if known.', 'Reserved.'], memoryArg: 0, faultAddressArg: 2 },
  'd6': { description: 'A driver accessed memory beyond the end of its special-pool allocation.', args: ['Memory referenced.', '0 = read, 1 = write.', 'Address that referenced the memory, if known.', 'Reserved.'], memoryArg: 0, faultAddressArg: 2 },
  'ef': { description: 'A critical system process died.', args: ['The process object.', 'Whether the process terminated or the thread (0 = process, 1 = thread).', 'Reserved.', 'Reserved.'] },
  'f4': { description: 'A process or thread crucial to system operation has unexpectedly exited or been terminated.', args: ['Object type (3 = process, 6 = thread).', 'The terminating object.', 'Process image file name.', 'Pointer to an ASCII explanatory message.'] },
  'f5': { description: 'A problem occurred in the filter manager.', args: ['Reason code (see the reference).', 'Depends on the reason.', 'Depends on the reason.', 'Depends on the reason.'] },
  'f7': { description: 'A driver overran a stack-based buffer (the /GS security cookie was corrupted).', args: ['The actual security check cookie from the stack.', 'The expected security check cookie.', 'The bit-complement of the expected cookie.', 'Zero.'] },
  'fc': { description: 'An attempt was made to execute non-executable memory.', args: ['Virtual address whose execution was attempted.', 'Contents of the page table entry.', 'Reserved (trap frame).', 'Reserved.'], memoryArg: 0, faultAddressArg: 0, trapFrameArg: 2 },
  'fe': { description: 'An error occurred in a USB driver.', args: ['Type of USB error.', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  '101': { description: 'An expected clock interrupt on a secondary processor was not received in the allocated interval.', args: ['Clock interrupt time-out interval, in clock ticks.', 'Reserved (zero).', 'Address of the processor control block (PRCB) of the unresponsive processor.', 'Reserved.'] },
  '109': { description: 'The kernel detected that critical kernel code or data has been corrupted.', args: ['Reserved.', 'Reserved.', 'Reserved.', 'Type of corrupted region (see the reference).'] },
  '116': { description: 'An attempt to reset the display driver and recover from a time-out failed.', args: ['The pointer to the internal TDR recovery context, if available.', 'A pointer into the responsible device driver module.', 'The error code of the last failed operation, if available.', 'Internal context dependent data, if available.'] },
  '119': { description: 'The video scheduler detected a fatal violation.', args: ['Type of violation.', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  '124': { description: 'A fatal hardware error has occurred (Windows Hardware Error Architecture).', args: ['Type of error source.', 'Address of the WHEA_ERROR_RECORD structure.', 'High 32 bits of MCi_STATUS (machine check) or reserved.', 'Low 32 bits of MCi_STATUS (machine check) or reserved.'] },
  '133': { description: 'The DPC watchdog detected a prolonged run time at an IRQL of DISPATCH_LEVEL or above.', args: ['0 = a single DPC or ISR exceeded its time allotment, 1 = the system cumulatively spent too long at DISPATCH_LEVEL or above.', 'Depends on argument 1 (DPC time count or watchdog period).', 'Depends on argument 1 (DPC time allotment).', 'Depends on argument 1 (cast to nt!DPC_WATCHDOG_GLOBAL_TRIAGE_BLOCK, when 1).'] },
  '139': { description: 'The kernel detected the corruption of a critical data structure (fail fast).', args: ['Type of corruption (the fail-fast code, see the reference).', 'Address of the trap frame for the exception that caused the bug check.', 'Address of the exception record for the exception that caused the bug check.', 'Reserved.'], trapFrameArg: 1, exceptionRecordArg: 2 },
  '13a': { description: 'The kernel-mode heap manager detected corruption in a heap.', args: ['Type of corruption detected.', 'Address of the heap that reported the corruption.', 'Address at which the corruption was detected.', 'Reserved.'] },
  '154': { description: 'The store component caught an unexpected exception.', args: ['Pointer to the store context or data manager.', 'Exception information.', 'Reserved.', 'Reserved.'] },
  '15f': { description: 'A connected-standby watchdog time-out occurred.', args: ['Component type.', 'Depends on the component.', 'Depends on the component.', 'Depends on the component.'] },
  '1c7': { description: 'A store data structure is corrupt.', args: ['Corruption type.', 'Depends on the type.', 'Depends on the type.', 'Depends on the type.'] },
  'e2': { description: 'The user deliberately initiated a crash dump from the kernel debugger or the keyboard.', args: ['Reserved.', 'Reserved.', 'Reserved.', 'Reserved.'] },
  'deaddead': { description: 'The user deliberately initiated a crash dump (.crash or keyboard with CrashOnCtrlScroll).', args: ['Reserved.', 'Reserved.', 'Reserved.', 'Reserved.'] },
};
