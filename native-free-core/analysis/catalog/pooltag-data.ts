/**
 * A small pool-tag table in pooltag.txt format ("Tag - binary - description"),
 * restating the descriptions WinDbg's !pool prints for common tags. Users can
 * load the full pooltag.txt from the Debugging Tools through parsePoolTagText.
 */
export const DEFAULT_POOLTAG_TEXT = `
FMac - fltmgr.sys - ASCII String buffers
FMas - fltmgr.sys - ASYNC_IO_COMPLETION_CONTEXT structure
FMcb - fltmgr.sys - FLT_REGISTRATION structure
FMcr - fltmgr.sys - Context registration structures
FMct - fltmgr.sys - TRACK_COMPLETION_NODES structure
FMea - fltmgr.sys - EA buffer for create
FMfc - fltmgr.sys - FLTMGR_FILE_OBJECT_CONTEXT structure
FMfk - fltmgr.sys - Byte offset and key for read/write
FMfn - fltmgr.sys - NAME_CACHE_NODE structure
FMfz - fltmgr.sys - FILE_LIST_CTRL structure
FMib - fltmgr.sys - Irp SYSTEM buffers
FMic - fltmgr.sys - IRP_CTRL completion node stack
FMil - fltmgr.sys - IRP_CTRL structure
FMis - fltmgr.sys - FLT_INSTANCE name
FMla - fltmgr.sys - Per-processor IRPCTRL lookaside lists
FMnc - fltmgr.sys - NAME_CACHE_CREATE_CTRL structure
FMng - fltmgr.sys - NAME_GENERATION_CONTEXT structure
FMol - fltmgr.sys - OPLOCK_CONTEXT structure
FMos - fltmgr.sys - Operation status ctrl structure
FMpl - fltmgr.sys - FLT_PORT_OBJECT structure
FMpr - fltmgr.sys - FLT_PARAMETERS structure
FMrl - fltmgr.sys - FLT_OBJECT rundown logs
FMrp - fltmgr.sys - Reparse point data buffer
FMrr - fltmgr.sys - Per-processor Cache-aware rundown ref structure
FMsl - fltmgr.sys - STREAM_LIST_CTRL structure
FMtb - fltmgr.sys - TXN_PARAMETER_BLOCK structure
FMtp - fltmgr.sys - Non Paged TxVol context structures
FMtr - fltmgr.sys - Temporary Registry information
FMts - fltmgr.sys - Tree Stack
FMus - fltmgr.sys - User buffer for control IO
FMvf - fltmgr.sys - FLT_VERIFIER_EXTENSION structure
FMvj - fltmgr.sys - FLT_VERIFIER_OBJECT structure
FMvo - fltmgr.sys - FLT_VOLUME structure
FMwi - fltmgr.sys - Work item structures
File - nt!io - File objects
Io   - nt!io - general IO allocations
IoNm - nt!io - Io parsing names
Irp  - nt!io - Io, IRP packets
MmSd - nt!mm - Mm section object prototype ptes
MmSt - nt!mm - Mm section object prototype ptes
MmSm - nt!mm - segments used to map data files
MmCa - nt!mm - Mm control areas for mapped files
VadS - nt!mm - short VADs (virtual address descriptors)
Vad  - nt!mm - Mm virtual address descriptors
VadL - nt!mm - Mm virtual address descriptors (long)
ObNm - nt!ob - object names
ObDi - nt!ob - object directory
ObHd - nt!ob - object handle count data base
Proc - nt!ps - Process objects
Thre - nt!ps - Thread objects
Toke - nt!se - Token objects
Even - nt!ke - Event objects
Mute - nt!ke - Mutant objects
Sema - nt!ke - Semaphore objects
Key  - nt!cm - Key objects
CM31 - nt!cm - Internal Configuration manager allocations
Ntfx - ntfs.sys - General Allocation
NtFs - ntfs.sys - StrucSup.c
Pool - nt!ex - Pool tables, etc.
`;
