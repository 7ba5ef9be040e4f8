import type { ByteSource } from '../../io/byte-source';
import { ParseError } from '../../io/parse-error';
import type { ParsedDump } from '../../model/parsed-dump';

// Placeholder until the kernel-dump reader lands; it only reports that the format is not read yet.
export function parseKernelDump(source: ByteSource): ParsedDump {
  throw new ParseError('unsupported', source.name, 'kernel-dump', 0, 'this format is not read yet');
}
