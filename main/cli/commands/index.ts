import type { Command } from '../command';
import { analyzeCommand, stackwalkCommand } from './analyze';
import { importCommand } from './import';
import { infoCommand } from './info';
import { exportCommand, listCommand, showCommand } from './library-commands';
import { compareCommand, similarCommand } from './similarity-commands';

/** Every command of `crashbench`, in the order --help lists them. */
export const commands: Command[] = [infoCommand, analyzeCommand, stackwalkCommand, importCommand, listCommand, showCommand, similarCommand, compareCommand, exportCommand];
