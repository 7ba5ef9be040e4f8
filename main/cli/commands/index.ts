import type { Command } from '../command';
import { importCommand } from './import';
import { infoCommand } from './info';
import { exportCommand, listCommand, showCommand } from './library-commands';

/** Every command of `crashbench`, in the order --help lists them. */
export const commands: Command[] = [infoCommand, importCommand, listCommand, showCommand, exportCommand];
