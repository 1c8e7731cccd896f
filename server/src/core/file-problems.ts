/**
 * Problems with a file itself (it cannot be read or decoded as a script): each is a finding with an
 * id, documented like a rule (docs/rules/<id>.md), listed by `parley rules`, never suppressible
 * (a suppression comment inside a file that cannot be read is never seen). Pure: the Node adapters
 * detect these and report them with these ids and messages.
 */
import { fill, pick, type Locale, type MessageData, type MessageTemplate } from './messages';

export type FileProblemId = 'file-encoding' | 'file-binary' | 'file-unreadable' | 'file-too-large' | 'file-special';

interface FileProblem {
  id: FileProblemId;
  description: { zh: string; en: string };
  messages: Record<string, MessageTemplate>;
}

export const FILE_PROBLEMS: FileProblem[] = [
  {
    id: 'file-encoding',
    description: { zh: '文件不是 UTF-8 编码', en: 'The file is not UTF-8' },
    messages: {
      gb18030: {
        zh: '文件是 GBK/GB18030 编码，不是 UTF-8，未检查。请转换为 UTF-8 后再检查，例如：iconv -f GB18030 -t UTF-8 {{file}} > 新文件，或在编辑器中选择「以 UTF-8 编码保存」。',
        en: 'The file is encoded in GBK/GB18030, not UTF-8, and was not linted. Convert it to UTF-8 first, e.g. iconv -f GB18030 -t UTF-8 {{file}} > new-file, or use your editor\'s "Save with encoding: UTF-8".',
      },
      invalid: {
        zh: '文件不是有效的 UTF-8 编码，未检查。请以 UTF-8 编码保存脚本。',
        en: 'The file is not valid UTF-8 and was not linted. Save the script as UTF-8.',
      },
    },
  },
  {
    id: 'file-binary',
    description: { zh: '二进制文件（含 NUL 字节），不是话术脚本', en: 'A binary file (contains NUL bytes), not a script' },
    messages: {
      binary: {
        zh: '这是二进制文件（含 NUL 字节），不是 Parley 话术脚本，未检查。',
        en: 'This is a binary file (it contains NUL bytes), not a Parley script; not linted.',
      },
    },
  },
  {
    id: 'file-unreadable',
    description: { zh: '文件无法读取', en: 'The file cannot be read' },
    messages: {
      unreadable: {
        zh: '无法读取文件（{{code}}），未检查。请检查文件是否存在以及读取权限。',
        en: 'Cannot read the file ({{code}}); not linted. Check that it exists and that you may read it.',
      },
      directory: {
        zh: '这是一个文件夹，不是话术脚本，未检查。',
        en: 'This is a directory, not a script; not linted.',
      },
      changed: {
        zh: '文件在检查期间被修改，请重新检查。',
        en: 'The file changed while Parley was running; lint it again.',
      },
    },
  },
  {
    id: 'file-too-large',
    description: { zh: '文件超过 maxFileSize，未检查', en: 'The file is larger than maxFileSize and was not linted' },
    messages: {
      large: {
        zh: '文件有 {{size}} 字节，超过 {{what}}（{{max}} 字节），未读取、未检查。可拆分脚本，或在 parley.config.json 中调大 maxFileSize。',
        en: 'The file is {{size}} bytes, larger than {{what}} ({{max}} bytes); not read and not linted. Split the script, or raise maxFileSize in parley.config.json.',
      },
      editor: {
        zh: '文件有 {{size}} 字节，超过 {{what}}（{{max}} 字节），Parley 未检查此文件。',
        en: 'The file is {{size}} bytes, larger than {{what}} ({{max}} bytes): Parley does not lint it.',
      },
      grew: {
        zh: '文件超过 {{max}} 字节（{{what}}），未读取、未检查。',
        en: 'The file has more than {{max}} bytes ({{what}}); not read and not linted.',
      },
    },
  },
  {
    id: 'file-special',
    description: { zh: '不是普通文件（设备、管道或套接字）', en: 'Not a regular file (a device, pipe or socket)' },
    messages: {
      fifo: { zh: '这是命名管道（FIFO），不是普通文件，未读取、未检查。', en: 'This is a FIFO (named pipe), not a regular file; not read and not linted.' },
      socket: { zh: '这是套接字，不是普通文件，未读取、未检查。', en: 'This is a socket, not a regular file; not read and not linted.' },
      'char-device': { zh: '这是字符设备，不是普通文件，未读取、未检查。', en: 'This is a character device, not a regular file; not read and not linted.' },
      'block-device': { zh: '这是块设备，不是普通文件，未读取、未检查。', en: 'This is a block device, not a regular file; not read and not linted.' },
      'no-data': { zh: '这不是普通文件（读不到数据），未读取、未检查。', en: 'This is not a regular file (no data to read); not read and not linted.' },
      other: { zh: '这不是普通文件，未读取、未检查。', en: 'This is not a regular file; not read and not linted.' },
    },
  },
];

const BY_ID = new Map(FILE_PROBLEMS.map((p) => [p.id, p]));
export function fileProblemMessage(id: FileProblemId, messageId: string, data: MessageData | undefined, locale: Locale): string {
  const t = BY_ID.get(id)?.messages[messageId];
  if (!t) throw new Error(`file problem ${id} has no message "${messageId}"`);
  return fill(pick(t, locale), data, locale);
}

/**
 * What an undecodable file most likely is: GBK/GB18030 (the usual encoding of Chinese text saved on
 * Windows) when it decodes as that, else just "not UTF-8". `decoder` is a fatal gb18030 TextDecoder
 * (passed in: the core has no I/O, and TextDecoder's encodings come with the runtime).
 */
export function encodingProblem(bytes: Uint8Array, gb18030?: { decode(b: Uint8Array): string }): 'gb18030' | 'invalid' {
  if (!gb18030) return 'invalid';
  try {
    const text = gb18030.decode(bytes);
    // Text in GB18030 has CJK: a file of random bytes that happens to decode does not count.
    return /[\u4e00-\u9fff]/.test(text) ? 'gb18030' : 'invalid';
  } catch {
    return 'invalid';
  }
}
