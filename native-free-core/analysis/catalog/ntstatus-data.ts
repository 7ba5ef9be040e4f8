/**
 * Common NTSTATUS / exception codes: "<hex code> <NAME> <short message>",
 * one per line. Names from ntstatus.h / winnt.h; messages restated briefly
 * from Microsoft's public NTSTATUS reference ([MS-ERREF] 2.3.1).
 */
export const NTSTATUS_TEXT = `
00000000 STATUS_SUCCESS The operation completed successfully.
00000001 STATUS_WAIT_1 The caller specified WaitAny and object 1 satisfied the wait.
00000080 STATUS_ABANDONED_WAIT_0 The caller attempted to wait for a mutex that has been abandoned.
000000c0 STATUS_USER_APC A user-mode APC was delivered before the interval expired.
00000101 STATUS_ALERTED The delay completed because the thread was alerted.
00000102 STATUS_TIMEOUT The given time-out interval expired.
00000103 STATUS_PENDING The operation that was requested is pending completion.
00000104 STATUS_REPARSE A reparse should be performed by the Object Manager.
00000105 STATUS_MORE_ENTRIES Returned by enumeration APIs to indicate more information is available.
00000106 STATUS_NOT_ALL_ASSIGNED Not all privileges or groups referenced are assigned to the caller.
00000107 STATUS_SOME_NOT_MAPPED Some of the information to be translated has not been translated.
00000108 STATUS_OPLOCK_BREAK_IN_PROGRESS An open/create operation completed while an oplock break is underway.
00000109 STATUS_VOLUME_MOUNTED A new volume has been mounted by a file system.
0000010b STATUS_NOTIFY_CLEANUP The handle with which this oplock was associated has been closed.
0000010c STATUS_NOTIFY_ENUM_DIR The operation did not store enumeration information in the buffer.
00000110 STATUS_PAGE_FAULT_TRANSITION Page fault was a transition fault.
00000111 STATUS_PAGE_FAULT_DEMAND_ZERO Page fault was a demand zero fault.
00000112 STATUS_PAGE_FAULT_COPY_ON_WRITE Page fault was a copy-on-write fault.
00000114 STATUS_PAGE_FAULT_PAGING_FILE Page fault was satisfied by reading from a secondary storage device.
40000000 STATUS_OBJECT_NAME_EXISTS An attempt was made to create an object but the object name already exists.
40000003 STATUS_IMAGE_NOT_AT_BASE The image could not be mapped at the address specified in the image file.
40000015 STATUS_FATAL_APP_EXIT Fatal application exit.
4000001c STATUS_WX86_UNSIMULATE Exception status code used by Win32 x86 emulation subsystem.
40010001 DBG_REPLY_LATER The debugger will reply later.
40010003 DBG_TERMINATE_THREAD The debugger terminated the thread.
40010004 DBG_TERMINATE_PROCESS The debugger terminated the process.
40010005 DBG_CONTROL_C The debugger got a control-C.
40010006 DBG_PRINTEXCEPTION_C The debugger printed an exception on control C.
40010007 DBG_RIPEXCEPTION The debugger received a RIP exception.
40010008 DBG_CONTROL_BREAK The debugger received a control break.
40010009 DBG_COMMAND_EXCEPTION The debugger command communication exception.
4001000a DBG_PRINTEXCEPTION_WIDE_C The debugger printed a wide-string exception.
406d1388 MS_VC_EXCEPTION_SET_THREAD_NAME Visual C++ exception used to name a thread.
4000001f STATUS_WX86_BREAKPOINT A WOW64 (x86 emulation) breakpoint was hit.
80000001 STATUS_GUARD_PAGE_VIOLATION A guard page in the program was accessed.
80000002 STATUS_DATATYPE_MISALIGNMENT A datatype misalignment was detected in a load or store instruction.
80000003 STATUS_BREAKPOINT A breakpoint has been reached.
80000004 STATUS_SINGLE_STEP A single step or trace operation has just been completed.
80000005 STATUS_BUFFER_OVERFLOW The data was too large to fit into the specified buffer.
80000006 STATUS_NO_MORE_FILES No more files were found which match the file specification.
8000000a STATUS_HANDLES_CLOSED Handles to objects have been automatically closed.
8000000d STATUS_PARTIAL_COPY Because of protection conflicts, not all the requested bytes could be copied.
8000001a STATUS_NO_MORE_ENTRIES No more entries are available from an enumeration operation.
80000026 STATUS_LONGJUMP A long jump has been executed.
80000029 STATUS_UNWIND_CONSOLIDATE A frame consolidation has been executed.
8000002d STATUS_STOPPED_ON_SYMLINK The create operation stopped after reaching a symbolic link.
80010001 DBG_EXCEPTION_NOT_HANDLED The debugger did not perform a state change.
c0000001 STATUS_UNSUCCESSFUL The requested operation was unsuccessful.
c0000002 STATUS_NOT_IMPLEMENTED The requested operation is not implemented.
c0000003 STATUS_INVALID_INFO_CLASS The specified information class is not a valid information class for the specified object.
c0000004 STATUS_INFO_LENGTH_MISMATCH The specified information record length does not match the length required.
c0000005 STATUS_ACCESS_VIOLATION The instruction referenced memory it may not access (access violation).
c0000006 STATUS_IN_PAGE_ERROR The required data was not placed into memory because of an I/O error.
c0000007 STATUS_PAGEFILE_QUOTA The page file quota for the process has been exhausted.
c0000008 STATUS_INVALID_HANDLE An invalid HANDLE was specified.
c0000009 STATUS_BAD_INITIAL_STACK An invalid initial stack was specified in a call to NtCreateThread.
c000000a STATUS_BAD_INITIAL_PC An invalid initial start address was specified in a call to NtCreateThread.
c000000b STATUS_INVALID_CID An invalid client ID was specified.
c000000c STATUS_TIMER_NOT_CANCELED An attempt was made to cancel or set a timer that has an associated APC and the thread is not the original one.
c000000d STATUS_INVALID_PARAMETER An invalid parameter was passed to a service or function.
c000000e STATUS_NO_SUCH_DEVICE A device that does not exist was specified.
c000000f STATUS_NO_SUCH_FILE The file does not exist.
c0000010 STATUS_INVALID_DEVICE_REQUEST The specified request is not a valid operation for the target device.
c0000011 STATUS_END_OF_FILE The end-of-file marker has been reached.
c0000012 STATUS_WRONG_VOLUME The wrong volume is in the drive.
c0000013 STATUS_NO_MEDIA_IN_DEVICE There is no disk in the drive.
c0000015 STATUS_NONEXISTENT_SECTOR The specified sector does not exist.
c0000017 STATUS_NO_MEMORY Not enough virtual memory or paging file quota is available.
c0000018 STATUS_CONFLICTING_ADDRESSES The specified address range conflicts with the address space.
c0000019 STATUS_NOT_MAPPED_VIEW The address range to unmap is not a mapped view.
c000001a STATUS_UNABLE_TO_FREE_VM The virtual memory cannot be freed.
c000001b STATUS_UNABLE_TO_DELETE_SECTION The specified section cannot be deleted.
c000001c STATUS_INVALID_SYSTEM_SERVICE An invalid system service was specified in a system service call.
c000001d STATUS_ILLEGAL_INSTRUCTION An attempt was made to execute an illegal instruction.
c000001e STATUS_INVALID_LOCK_SEQUENCE An attempt was made to execute an invalid lock sequence.
c000001f STATUS_INVALID_VIEW_SIZE An attempt was made to create a view for a section that is bigger than the section.
c0000020 STATUS_INVALID_FILE_FOR_SECTION The file is not a valid image or the section could not be created from it.
c0000021 STATUS_ALREADY_COMMITTED The specified address range is already committed.
c0000022 STATUS_ACCESS_DENIED A process has requested access to an object but has not been granted those access rights.
c0000023 STATUS_BUFFER_TOO_SMALL The buffer is too small to contain the entry.
c0000024 STATUS_OBJECT_TYPE_MISMATCH The type of the object is not the type required for the requested operation.
c0000025 STATUS_NONCONTINUABLE_EXCEPTION Windows cannot continue from this exception.
c0000026 STATUS_INVALID_DISPOSITION An invalid exception disposition was returned by an exception handler.
c0000027 STATUS_UNWIND Unwind exception code.
c0000028 STATUS_BAD_STACK An invalid or unaligned stack was encountered during an unwind operation.
c0000029 STATUS_INVALID_UNWIND_TARGET An invalid unwind target was encountered during an unwind operation.
c000002a STATUS_NOT_LOCKED An attempt was made to unlock a page of memory that was not locked.
c000002b STATUS_PARITY_ERROR A device parity error on an I/O operation.
c000002c STATUS_UNABLE_TO_DECOMMIT_VM An attempt was made to decommit uncommitted virtual memory.
c000002d STATUS_NOT_COMMITTED An attempt was made to change the attributes on memory that has not been committed.
c0000030 STATUS_INVALID_PARAMETER_MIX An invalid combination of parameters was specified.
c0000032 STATUS_DISK_CORRUPT_ERROR The disk structure is corrupted and unreadable.
c0000033 STATUS_OBJECT_NAME_INVALID The object name is invalid.
c0000034 STATUS_OBJECT_NAME_NOT_FOUND The object name is not found.
c0000035 STATUS_OBJECT_NAME_COLLISION The object name already exists.
c0000037 STATUS_PORT_DISCONNECTED An attempt was made to send a message to a disconnected communication port.
c0000039 STATUS_OBJECT_PATH_INVALID The object path component was not a directory object.
c000003a STATUS_OBJECT_PATH_NOT_FOUND The path does not exist.
c000003b STATUS_OBJECT_PATH_SYNTAX_BAD The object path syntax is invalid.
c000003c STATUS_DATA_OVERRUN A data overrun error occurred.
c000003e STATUS_DATA_ERROR An error occurred in reading or writing data.
c000003f STATUS_CRC_ERROR A cyclic redundancy check (CRC) checksum error occurred.
c0000040 STATUS_SECTION_TOO_BIG The specified section is too big to map the file.
c0000041 STATUS_PORT_CONNECTION_REFUSED The NtConnectPort request is refused.
c0000042 STATUS_INVALID_PORT_HANDLE The type of port handle is invalid for the operation requested.
c0000043 STATUS_SHARING_VIOLATION A file cannot be opened because the share access flags are incompatible.
c0000044 STATUS_QUOTA_EXCEEDED Insufficient quota exists to complete the operation.
c0000045 STATUS_INVALID_PAGE_PROTECTION The specified page protection was not valid.
c0000046 STATUS_MUTANT_NOT_OWNED An attempt to release a mutant object was made by a thread that was not its owner.
c0000047 STATUS_SEMAPHORE_LIMIT_EXCEEDED An attempt was made to release a semaphore beyond its maximum count.
c0000048 STATUS_PORT_ALREADY_SET An attempt was made to set the DebugPort or ExceptionPort of a process that already has one.
c000004b STATUS_THREAD_IS_TERMINATING An attempt was made to suspend a thread that has begun termination.
c000004f STATUS_EAS_NOT_SUPPORTED An operation involving EAs failed because the file system does not support EAs.
c0000054 STATUS_FILE_LOCK_CONFLICT A requested read/write cannot be granted due to a conflicting file lock.
c0000055 STATUS_LOCK_NOT_GRANTED A requested file lock cannot be granted due to other existing locks.
c0000056 STATUS_DELETE_PENDING A non-close operation has been requested of a file object that has a delete pending.
c000005e STATUS_NO_LOGON_SERVERS There are currently no logon servers available to service the logon request.
c0000061 STATUS_PRIVILEGE_NOT_HELD A required privilege is not held by the client.
c0000062 STATUS_INVALID_ACCOUNT_NAME The name provided is not a properly formed account name.
c000006a STATUS_WRONG_PASSWORD The specified password is not correct.
c000006d STATUS_LOGON_FAILURE The attempted logon is invalid (unknown user name or bad password).
c0000071 STATUS_PASSWORD_EXPIRED The user account password has expired.
c0000072 STATUS_ACCOUNT_DISABLED The referenced account is currently disabled.
c0000073 STATUS_NONE_MAPPED None of the information to be translated has been translated.
c0000079 STATUS_INVALID_SECURITY_DESCR The security descriptor structure is not valid.
c000007a STATUS_PROCEDURE_NOT_FOUND The specified procedure address cannot be found in the DLL.
c000007b STATUS_INVALID_IMAGE_FORMAT The image is either not designed to run on Windows or it contains an error.
c000007c STATUS_NO_TOKEN An attempt was made to reference a token that does not exist.
c000007e STATUS_RANGE_NOT_LOCKED The range specified in NtUnlockFile was not locked.
c000007f STATUS_DISK_FULL An operation failed because the disk was full.
c000008c STATUS_ARRAY_BOUNDS_EXCEEDED Array bounds exceeded.
c000008d STATUS_FLOAT_DENORMAL_OPERAND Floating-point denormal operand.
c000008e STATUS_FLOAT_DIVIDE_BY_ZERO Floating-point division by zero.
c000008f STATUS_FLOAT_INEXACT_RESULT Floating-point inexact result.
c0000090 STATUS_FLOAT_INVALID_OPERATION Floating-point invalid operation.
c0000091 STATUS_FLOAT_OVERFLOW Floating-point overflow.
c0000092 STATUS_FLOAT_STACK_CHECK Floating-point stack check.
c0000093 STATUS_FLOAT_UNDERFLOW Floating-point underflow.
c0000094 STATUS_INTEGER_DIVIDE_BY_ZERO Integer division by zero.
c0000095 STATUS_INTEGER_OVERFLOW Integer overflow.
c0000096 STATUS_PRIVILEGED_INSTRUCTION Privileged instruction.
c0000097 STATUS_TOO_MANY_PAGING_FILES An attempt was made to install more paging files than the system supports.
c000009a STATUS_INSUFFICIENT_RESOURCES Insufficient system resources exist to complete the API.
c000009c STATUS_DEVICE_DATA_ERROR There are bad blocks (sectors) on the hard disk.
c000009d STATUS_DEVICE_NOT_CONNECTED There is bad cabling, non-termination, or the controller is not able to obtain access to the disk.
c00000a0 STATUS_MEMORY_NOT_ALLOCATED An attempt was made to free virtual memory that is not allocated.
c00000a1 STATUS_WORKING_SET_QUOTA The working set is not big enough to allow the requested pages to be locked.
c00000a2 STATUS_MEDIA_WRITE_PROTECTED The disk cannot be written to because it is write-protected.
c00000a3 STATUS_DEVICE_NOT_READY The drive is not ready for use.
c00000ab STATUS_INSTANCE_NOT_AVAILABLE The maximum named pipe instance count has been reached.
c00000b5 STATUS_IO_TIMEOUT The specified I/O operation was not completed before the time-out period expired.
c00000ba STATUS_FILE_IS_A_DIRECTORY The file that was specified is a directory.
c00000bb STATUS_NOT_SUPPORTED The request is not supported.
c00000be STATUS_BAD_NETWORK_PATH The network path cannot be located.
c00000c3 STATUS_INVALID_NETWORK_RESPONSE The network responded incorrectly.
c00000c4 STATUS_UNEXPECTED_NETWORK_ERROR An unexpected network error occurred.
c00000cc STATUS_BAD_NETWORK_NAME The specified share name cannot be found on the remote server.
c00000d0 STATUS_REQUEST_NOT_ACCEPTED No more connections can be made to this remote computer.
c00000d8 STATUS_CANT_WAIT The file system cannot wait for the operation.
c00000d9 STATUS_PIPE_EMPTY There is no data in the pipe.
c00000e5 STATUS_INTERNAL_ERROR An internal error occurred.
c00000e8 STATUS_INVALID_USER_BUFFER An access to a user buffer failed at an unexpected point in time.
c00000e9 STATUS_UNEXPECTED_IO_ERROR An unexpected I/O error occurred.
c00000f0 STATUS_INVALID_PARAMETER_1 An invalid parameter was passed to a service or function as the first argument.
c00000f1 STATUS_INVALID_PARAMETER_2 An invalid parameter was passed to a service or function as the second argument.
c00000f2 STATUS_INVALID_PARAMETER_3 An invalid parameter was passed to a service or function as the third argument.
c00000f3 STATUS_INVALID_PARAMETER_4 An invalid parameter was passed to a service or function as the fourth argument.
c00000fb STATUS_REDIRECTOR_NOT_STARTED The redirector has not been started.
c00000fd STATUS_STACK_OVERFLOW A new guard page for the stack cannot be created (stack overflow).
c0000100 STATUS_VARIABLE_NOT_FOUND The specified environment variable name was not found.
c0000101 STATUS_DIRECTORY_NOT_EMPTY The directory is not empty.
c0000102 STATUS_FILE_CORRUPT_ERROR The file or directory is corrupt and unreadable.
c0000103 STATUS_NOT_A_DIRECTORY A requested opened file is not a directory.
c0000106 STATUS_NAME_TOO_LONG The name is too long.
c0000107 STATUS_FILES_OPEN The volume has open files.
c000010a STATUS_PROCESS_IS_TERMINATING An attempt was made to access an exiting process.
c0000120 STATUS_CANCELLED The I/O request was canceled.
c0000121 STATUS_CANNOT_DELETE An attempt has been made to remove a file or directory that cannot be deleted.
c0000123 STATUS_FILE_DELETED The file has been deleted.
c0000128 STATUS_FILE_CLOSED An I/O request other than close was performed on a file after it was closed.
c0000135 STATUS_DLL_NOT_FOUND The code execution cannot proceed because a DLL was not found.
c0000138 STATUS_ORDINAL_NOT_FOUND The ordinal could not be located in the DLL.
c0000139 STATUS_ENTRYPOINT_NOT_FOUND The procedure entry point could not be located in the DLL.
c000013a STATUS_CONTROL_C_EXIT The application terminated as a result of a CTRL+C.
c0000142 STATUS_DLL_INIT_FAILED The DLL initialization routine failed.
c0000144 STATUS_UNHANDLED_EXCEPTION An unhandled exception occurred.
c0000145 STATUS_APP_INIT_FAILURE The application failed to initialize properly.
c0000148 STATUS_INVALID_LEVEL An invalid level was passed into the specified system call.
c000014b STATUS_PIPE_BROKEN The pipe operation has failed because the other end of the pipe has been closed.
c000014c STATUS_REGISTRY_CORRUPT The structure of one of the files that contains registry data is corrupt.
c000014d STATUS_REGISTRY_IO_FAILED An I/O operation initiated by the registry failed and cannot be recovered.
c000015b STATUS_LOGON_TYPE_NOT_GRANTED A user has requested a type of logon that has not been granted.
c000016a STATUS_DISK_OPERATION_FAILED The disk operation failed.
c0000185 STATUS_IO_DEVICE_ERROR The I/O device reported an I/O error.
c0000188 STATUS_LOG_FILE_FULL The log file space is insufficient to support this operation.
c000018b STATUS_NO_TRUST_SAM_ACCOUNT The SAM database on the domain controller does not have a computer account for this workstation trust relationship.
c0000194 STATUS_POSSIBLE_DEADLOCK A possible deadlock condition was detected.
c000019c STATUS_FS_DRIVER_REQUIRED A volume has been accessed for which a file system driver is required that has not yet been loaded.
c0000203 STATUS_USER_SESSION_DELETED The remote user session has been deleted.
c0000205 STATUS_INSUFF_SERVER_RESOURCES Insufficient server resources exist to complete the request.
c000020c STATUS_CONNECTION_DISCONNECTED The transport connection is now disconnected.
c0000218 STATUS_CANNOT_LOAD_REGISTRY_FILE The registry cannot load the hive (file).
c000021a STATUS_SYSTEM_PROCESS_TERMINATED A critical system process terminated unexpectedly.
c0000221 STATUS_IMAGE_CHECKSUM_MISMATCH The image is possibly corrupt: the header checksum does not match the computed checksum.
c0000225 STATUS_NOT_FOUND The object was not found.
c0000229 STATUS_FAIL_CHECK A consistency check failed.
c000022a STATUS_DUPLICATE_OBJECTID The attempt to insert the ID in the index failed because the ID is already in the index.
c0000232 STATUS_INVALID_VARIANT The value type is invalid.
c0000235 STATUS_HANDLE_NOT_CLOSABLE NtClose was called on a handle that was protected from close.
c0000236 STATUS_CONNECTION_REFUSED The transport connection attempt was refused by the remote system.
c000023a STATUS_CONNECTION_INVALID An operation was attempted on a nonexistent transport connection.
c000023c STATUS_NETWORK_UNREACHABLE The remote network is not reachable by the transport.
c0000241 STATUS_CONNECTION_ABORTED The transport connection was aborted by the local system.
c000026e STATUS_VOLUME_DISMOUNTED An operation was attempted on a volume after it was dismounted.
c0000275 STATUS_NOT_A_REPARSE_POINT The NTFS file or directory is not a reparse point.
c0000279 STATUS_IO_REPARSE_TAG_NOT_HANDLED No file system filter processed the reparse point.
c0000280 STATUS_REPARSE_POINT_NOT_RESOLVED The reparse point could not be resolved.
c00002b4 STATUS_FLOAT_MULTIPLE_FAULTS Multiple floating-point faults.
c00002b5 STATUS_FLOAT_MULTIPLE_TRAPS Multiple floating-point traps.
c00002c5 STATUS_DATATYPE_MISALIGNMENT_ERROR A datatype misalignment error was detected in a load or store instruction.
c00002c9 STATUS_REG_NAT_CONSUMPTION A register NaT consumption fault.
c0000374 STATUS_HEAP_CORRUPTION A heap has been corrupted.
c0000409 STATUS_STACK_BUFFER_OVERRUN The system detected an overrun of a stack-based buffer, or a fail-fast exception (see the subcode).
c0000417 STATUS_INVALID_CRUNTIME_PARAMETER An invalid parameter was passed to a C runtime function.
c000041d STATUS_FATAL_USER_CALLBACK_EXCEPTION An unhandled exception was encountered during a user callback.
c0000420 STATUS_ASSERTION_FAILURE An assertion failure has occurred.
c0000421 STATUS_VERIFIER_STOP Application Verifier has found an error in the current process.
c0000423 STATUS_CALLBACK_POP_STACK A callback returned with an unexpected stack.
c0000602 STATUS_FAIL_FAST_EXCEPTION_INTERNAL A fail-fast exception occurred.
c0000906 STATUS_VIRUS_INFECTED The operation did not complete because the file contains a virus.
c0000907 STATUS_VIRUS_DELETED The file contained a virus and was deleted.
c0020043 RPC_NT_INTERNAL_ERROR An internal error occurred in the remote procedure call (RPC).
c0150004 STATUS_SXS_ASSEMBLY_NOT_FOUND The requested assembly could not be found.
e06d7363 CPP_EH_EXCEPTION Microsoft Visual C++ exception (throw).
e0434352 CLR_EXCEPTION .NET Common Language Runtime exception.
e0434f4d CLR_EXCEPTION_V1 .NET Framework 1.x exception.
c06d007e VCPP_DELAYLOAD_MOD_NOT_FOUND Delay-load of a module failed: the module was not found.
c06d007f VCPP_DELAYLOAD_PROC_NOT_FOUND Delay-load of a procedure failed: the procedure was not found.
8000ffff E_UNEXPECTED Catastrophic failure.
80004005 E_FAIL Unspecified error.
80070005 E_ACCESSDENIED General access denied error.
8007000e E_OUTOFMEMORY Not enough memory resources are available to complete this operation.
80070057 E_INVALIDARG One or more arguments are not valid.
`;

/** FAST_FAIL_* codes: the subcode of c0000409 in ExceptionInformation[0], and argument 1 of bug check 0x139. */
export const FAST_FAIL_TEXT = `
0 FAST_FAIL_LEGACY_GS_VIOLATION Legacy /GS stack buffer overrun check failed.
1 FAST_FAIL_VTGUARD_CHECK_FAILURE A VTGuard check failed.
2 FAST_FAIL_STACK_COOKIE_CHECK_FAILURE The stack cookie check failed (stack-based buffer overrun).
3 FAST_FAIL_CORRUPT_LIST_ENTRY A LIST_ENTRY was corrupt (Flink/Blink check failed).
4 FAST_FAIL_INCORRECT_STACK The stack pointer is outside the thread's stack.
5 FAST_FAIL_INVALID_ARG An invalid argument was passed.
6 FAST_FAIL_GS_COOKIE_INIT The /GS security cookie was not initialised.
7 FAST_FAIL_FATAL_APP_EXIT The application requested a fatal exit (abort).
8 FAST_FAIL_RANGE_CHECK_FAILURE A range check failed.
9 FAST_FAIL_UNSAFE_REGISTRY_ACCESS An unsafe registry access was made.
a FAST_FAIL_GUARD_ICALL_CHECK_FAILURE Control Flow Guard check failed on an indirect call.
b FAST_FAIL_GUARD_WRITE_CHECK_FAILURE A guarded write check failed.
c FAST_FAIL_INVALID_FIBER_SWITCH An invalid fiber switch.
d FAST_FAIL_INVALID_SET_OF_CONTEXT An invalid set of a thread context.
e FAST_FAIL_INVALID_REFERENCE_COUNT A reference count went wrong (underflow or overflow).
12 FAST_FAIL_INVALID_JUMP_BUFFER An invalid longjmp buffer.
13 FAST_FAIL_MRDATA_MODIFIED Mutable read-only data was modified.
14 FAST_FAIL_CERTIFICATION_FAILURE A certification check failed.
15 FAST_FAIL_INVALID_EXCEPTION_CHAIN The exception handler chain is invalid.
16 FAST_FAIL_CRYPTO_LIBRARY A cryptographic library check failed.
17 FAST_FAIL_INVALID_CALL_IN_DLL_CALLOUT An invalid call was made inside a DLL callout.
18 FAST_FAIL_INVALID_IMAGE_BASE The image base is invalid.
19 FAST_FAIL_DLOAD_PROTECTION_FAILURE Delay-load protection failed.
1a FAST_FAIL_UNSAFE_EXTENSION_CALL An unsafe extension call.
1b FAST_FAIL_DEPRECATED_SERVICE_INVOKED A deprecated service was invoked.
1c FAST_FAIL_INVALID_BUFFER_ACCESS An invalid buffer access.
1d FAST_FAIL_INVALID_BALANCED_TREE A balanced (RB/AVL) tree is corrupt.
1e FAST_FAIL_INVALID_NEXT_THREAD An invalid next thread was selected.
1f FAST_FAIL_GUARD_ICALL_CHECK_SUPPRESSED A suppressed Control Flow Guard call target was called.
20 FAST_FAIL_APCS_DISABLED APCs were disabled when they must not be.
21 FAST_FAIL_INVALID_IDLE_STATE An invalid idle state.
22 FAST_FAIL_MRDATA_PROTECTION_FAILURE Mutable read-only data protection failed.
23 FAST_FAIL_UNEXPECTED_HEAP_EXCEPTION An unexpected heap exception.
24 FAST_FAIL_INVALID_LOCK_STATE An invalid lock state.
25 FAST_FAIL_GUARD_JUMPTABLE A Control Flow Guard jump-table check failed.
26 FAST_FAIL_INVALID_LONGJUMP_TARGET An invalid longjmp target.
27 FAST_FAIL_INVALID_DISPATCH_CONTEXT An invalid exception dispatch context.
28 FAST_FAIL_INVALID_THREAD An invalid thread.
29 FAST_FAIL_INVALID_SYSCALL_NUMBER An invalid system call number.
2a FAST_FAIL_INVALID_FILE_OPERATION An invalid file operation.
2b FAST_FAIL_LPAC_ACCESS_DENIED LPAC access denied.
2c FAST_FAIL_GUARD_SS_FAILURE A shadow stack (CET) check failed.
2d FAST_FAIL_LOADER_CONTINUITY_FAILURE Loader continuity check failed.
2e FAST_FAIL_GUARD_EXPORT_SUPPRESSION_FAILURE Export suppression check failed.
2f FAST_FAIL_INVALID_CONTROL_STACK An invalid control stack.
30 FAST_FAIL_SET_CONTEXT_DENIED Setting the thread context was denied.
31 FAST_FAIL_INVALID_IAT An invalid import address table.
32 FAST_FAIL_HEAP_METADATA_CORRUPTION Heap metadata is corrupt.
33 FAST_FAIL_PAYLOAD_RESTRICTION_VIOLATION A payload restriction was violated.
34 FAST_FAIL_LOW_LABEL_ACCESS_DENIED Low-label access denied.
35 FAST_FAIL_ENCLAVE_CALL_FAILURE An enclave call failed.
36 FAST_FAIL_UNHANDLED_LSS_EXCEPTON An unhandled LSS exception.
37 FAST_FAIL_ADMINLESS_ACCESS_DENIED Adminless access denied.
38 FAST_FAIL_UNEXPECTED_CALL An unexpected call.
39 FAST_FAIL_CONTROL_INVALID_RETURN_ADDRESS An invalid return address (control-flow check).
3a FAST_FAIL_UNEXPECTED_HOST_BEHAVIOR Unexpected host behaviour.
3b FAST_FAIL_FLAGS_CORRUPTION Flags corruption.
3c FAST_FAIL_VEH_CORRUPTION The vectored exception handler list is corrupt.
3d FAST_FAIL_ETW_CORRUPTION ETW data is corrupt.
3e FAST_FAIL_RIO_ABORT Registered I/O abort.
3f FAST_FAIL_INVALID_PFN An invalid page frame number.
40 FAST_FAIL_GUARD_ICALL_CHECK_FAILURE_XFG An eXtended Flow Guard check failed.
41 FAST_FAIL_CAST_GUARD A cast guard check failed.
42 FAST_FAIL_HOST_VISIBILITY_CHANGE Host visibility change.
43 FAST_FAIL_KERNEL_CET_SHADOW_STACK_ASSIST Kernel CET shadow stack assist.
44 FAST_FAIL_PATCH_CALLBACK_FAILED A patch callback failed.
45 FAST_FAIL_NTDLL_PATCH_FAILED An ntdll patch failed.
46 FAST_FAIL_INVALID_FLS_DATA Invalid fiber-local storage data.
ffffffff FAST_FAIL_INVALID_FAST_FAIL_CODE An invalid fail-fast code.
`;
