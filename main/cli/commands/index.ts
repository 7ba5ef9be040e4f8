import type { Command } from '../command';
import { infoCommand } from './info';

/** Every command of `crashbench`, in the order --help lists them. */
export const commands: Command[] = [infoCommand];
