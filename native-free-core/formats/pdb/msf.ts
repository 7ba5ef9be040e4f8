import type { ByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import { StructReader } from '../../io/struct-reader';

export const MSF_MAGIC = 'Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0';

/** The MSF 7.00 superblock at offset 0 of every PDB. */
export interface MSF_SUPERBLOCK {
  BlockSize: number;
  FreeBlockMapBlock: number;
  NumBlocks: number;
  NumDirectoryBytes: number;
  BlockMapAddr: number;
}

const NIL_STREAM = 0xffffffff;

/**
 * The multi-stream file under a PDB: a superblock, a stream directory and
 * streams made of blocks. Every block number and size is checked against
 * the file, so a hostile directory cannot make us read or allocate more
 * than the file holds.
 */
export class MsfFile {
  readonly superBlock: MSF_SUPERBLOCK;
  readonly streamSizes: number[];
  private readonly streamBlocks: Uint32Array[];

  constructor(readonly source: ByteSource) {
    const sb = StructReader.at(source, 0, 56, 'MSF_SUPERBLOCK');
    if (!matchesMagic(sb.slice(0, 32, 'FileMagic'))) {
      sb.fail('invalid', 0, 'FileMagic', 'not "Microsoft C/C++ MSF 7.00" (MSF 2.0 PDBs are not read)');
    }
    const BlockSize = sb.u32(32, 'BlockSize');
    if (![512, 1024, 2048, 4096, 8192, 16384, 32768].includes(BlockSize)) sb.fail('invalid', 32, 'BlockSize', `${BlockSize} is not a power of two from 512 to 32768`);
    const NumBlocks = sb.u32(40, 'NumBlocks');
    const NumDirectoryBytes = sb.u32(44, 'NumDirectoryBytes');
    const BlockMapAddr = sb.u32(52, 'BlockMapAddr');
    this.superBlock = { BlockSize, FreeBlockMapBlock: sb.u32(36, 'FreeBlockMapBlock'), NumBlocks, NumDirectoryBytes, BlockMapAddr };
    const maxBlocks = Math.floor(source.size / BlockSize);
    if (NumDirectoryBytes > source.size) sb.fail('invalid', 44, 'NumDirectoryBytes', `0x${NumDirectoryBytes.toString(16)} is larger than the file`);
    const dirBlockCount = Math.ceil(NumDirectoryBytes / BlockSize);
    if (BlockMapAddr >= maxBlocks) sb.fail('invalid', 52, 'BlockMapAddr', `block ${BlockMapAddr} is past the end of the file (${maxBlocks} blocks)`);
    const mapAt = BlockMapAddr * BlockSize;
    const map = StructReader.at(source, mapAt, dirBlockCount * 4, 'MSF block map');
    const dirBlocks = new Uint32Array(dirBlockCount);
    for (let i = 0; i < dirBlockCount; i++) dirBlocks[i] = map.u32(i * 4, 'DirectoryBlock');
    const dirBytes = this.assemble(dirBlocks, NumDirectoryBytes, 'MSF stream directory');
    const dir = new StructReader(dirBytes, source.name, 'MSF stream directory', 0);
    const numStreams = dir.u32(0, 'NumStreams');
    if (numStreams * 4 + 4 > dirBytes.length) dir.fail('invalid', 0, 'NumStreams', `${numStreams} streams do not fit a ${dirBytes.length}-byte directory`);
    this.streamSizes = [];
    this.streamBlocks = [];
    let at = 4 + numStreams * 4;
    for (let i = 0; i < numStreams; i++) {
      const raw = dir.u32(4 + i * 4, 'StreamSizes');
      const size = raw === NIL_STREAM ? 0 : raw;
      const n = Math.ceil(size / BlockSize);
      if (n > maxBlocks) dir.fail('invalid', 4 + i * 4, `StreamSizes[${i}]`, `0x${size.toString(16)} bytes need more blocks than the file has`);
      const blocks = new Uint32Array(n);
      for (let k = 0; k < n; k++) blocks[k] = dir.u32(at + k * 4, `StreamBlocks[${i}]`);
      at += n * 4;
      this.streamSizes.push(size);
      this.streamBlocks.push(blocks);
    }
  }

  get streamCount(): number {
    return this.streamSizes.length;
  }

  private assemble(blocks: Uint32Array, size: number, structure: string): Uint8Array {
    const bs = this.superBlock.BlockSize;
    const out = new Uint8Array(size);
    for (let i = 0; i < blocks.length; i++) {
      const len = Math.min(bs, size - i * bs);
      const block = blocks[i]!;
      if (block * bs + len > this.source.size) {
        throw new ParseError('invalid', this.source.name, structure, block * bs, `block ${block} is past the end of the file`);
      }
      out.set(this.source.read(block * bs, len, structure), i * bs);
    }
    return out;
  }

  /** The bytes of stream `index` (empty for a nil stream); throws ParseError for an index the directory lacks. */
  readStream(index: number, structure = `stream ${index}`): Uint8Array {
    if (index < 0 || index >= this.streamSizes.length) {
      throw new ParseError('invalid', this.source.name, structure, 0, `stream ${index} does not exist (${this.streamSizes.length} streams)`);
    }
    return this.assemble(this.streamBlocks[index]!, this.streamSizes[index]!, structure);
  }
}

function matchesMagic(b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (b[i] !== MSF_MAGIC.charCodeAt(i)) return false;
  return true;
}
