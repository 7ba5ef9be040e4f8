import { IcedDisassembler } from './iced';

let disassembler: IcedDisassembler | undefined;

/** One iced-x86 disassembler per thread, created on first use. */
export function sharedDisassembler(): IcedDisassembler {
  disassembler ??= new IcedDisassembler();
  return disassembler;
}
