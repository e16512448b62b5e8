import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { registerArchive } from './archive';
import { registerDemo } from './demo';
import { registerExchange } from './exchange';
import { registerHub } from './hub';
import { registerTypeset } from './typeset';
import { registerPki } from './pki';
import { registerSeal } from './seal';
import { registerSign } from './sign';
import { registerVerify } from './verify';
import { registerValidate } from './validate';

/** Every `oa` command, one module each; later issues add theirs here. */
export const commandRegistrations: ReadonlyArray<(program: Command, context: CommandContext) => void> = [
  registerValidate,
  registerTypeset,
  registerDemo,
  registerArchive,
  registerPki,
  registerSeal,
  registerSign,
  registerVerify,
  registerHub,
  registerExchange,
];
