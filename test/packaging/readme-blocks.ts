// The README's ```ts blocks as programs: extracted in order with the section they sit in, their imports hoisted
// and merged, and each block nested in the scope of the ones before it. A use case reads like a story (the
// configuration, then a job, then its status …), so a block may use what an earlier block declared, and may
// declare a name again (`const job`): an inner scope shadows the outer one, as a reader would take it.

export interface ReadmeBlock {
  /** The `## ` section. */
  section: string;
  /** The nearest heading of any level. */
  heading: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
}

export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = markdown.split('\n');
  let section = '';
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const h = /^(#{1,6}) (.+)$/.exec(line);
    if (h) {
      heading = (h[2] as string).trim();
      if ((h[1] as string).length <= 2) section = heading;
      continue;
    }
    const open = /^(\s*)```(\w*)\s*$/.exec(line);
    if (!open) continue;
    const indent = (open[1] as string).length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j] as string); j++) body.push((lines[j] as string).slice(indent));
    if (open[2] === 'ts' || open[2] === 'typescript') blocks.push({ section, heading, line: i + 1, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

interface Imported {
  module: string;
  name: string;
  typeOnly: boolean;
}

const IMPORT = /^import\s+\{([^}]*)\}\s+from\s+'([^']+)';[ \t]*\n?/gm;

/** Takes the named imports out of a block; anything but `import { … } from '…'` is left in place (and fails tsc). */
function splitImports(code: string, imports: Map<string, Imported>, where: string): string {
  return code.replace(IMPORT, (_all, names: string, module: string) => {
    for (const raw of names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)) {
      const typeOnly = raw.startsWith('type ');
      const name = raw.replace(/^type\s+/, '');
      if (/\sas\s/.test(name)) throw new Error(`${where}: renamed imports are not supported by the README harness: ${raw}`);
      const seen = imports.get(name);
      if (seen && seen.module !== module) throw new Error(`${where}: ${name} is imported from ${seen.module} and from ${module}`);
      imports.set(name, { module, name, typeOnly: seen ? seen.typeOnly && typeOnly : typeOnly });
    }
    return '';
  });
}

export interface ProgramOptions {
  /** Imports the prelude needs, as `{ module: [names] }` (`'type X'` for a type). */
  preludeImports?: Record<string, string[]>;
  /** Code before the first block (declarations of what the README takes as given). */
  prelude?: string;
  /** Code run before the block under a heading (events from outside: a signer signing). */
  before?: Record<string, string>;
  /** Code run after the last block, inside the innermost scope. */
  after?: string;
}

/** One ESM program of the blocks: merged imports, the prelude, then every block in the scope of the previous. */
export function readmeProgram(blocks: readonly ReadmeBlock[], options: ProgramOptions = {}): string {
  const imports = new Map<string, Imported>();
  for (const [module, names] of Object.entries(options.preludeImports ?? {})) {
    for (const raw of names) imports.set(raw.replace(/^type\s+/, ''), { module, name: raw.replace(/^type\s+/, ''), typeOnly: raw.startsWith('type ') });
  }
  const bodies = blocks.map((b) => {
    const where = `README.md:${b.line} (${b.heading})`;
    const before = options.before?.[b.heading];
    return `{ // ${where}\n${before ? `${before}\n` : ''}${splitImports(b.code, imports, where)}\n`;
  });
  const byModule = new Map<string, string[]>();
  for (const i of imports.values()) byModule.set(i.module, [...(byModule.get(i.module) ?? []), i.typeOnly ? `type ${i.name}` : i.name]);
  const head = [...byModule].map(([module, names]) => `import { ${names.join(', ')} } from '${module}';`).join('\n');
  return `${head}\n\n${options.prelude ?? ''}\n\n${bodies.join('')}${options.after ?? ''}\n${'}'.repeat(bodies.length)}\nexport {};\n`;
}

/** Replaces each `from` exactly once, so a README edit that breaks the harness's assumptions fails loudly. */
export function substitute(program: string, replacements: readonly (readonly [string, string])[]): string {
  let out = program;
  for (const [from, to] of replacements) {
    const count = out.split(from).length - 1;
    if (count !== 1)
      throw new Error(
        `The README harness expects ${JSON.stringify(from)} once in the runnable blocks, found ${count} times: update test/packaging/package.test.ts`,
      );
    out = out.replace(from, () => to);
  }
  return out;
}

/** The text of a `## ` section, up to the next one. */
export function readmeSection(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section "${title}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Everything written as code in a piece of Markdown: fenced blocks and `inline spans`. */
export function codeIn(markdown: string): string {
  const fenced = [...markdown.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1]);
  const inline = [...markdown.replace(/```\w*\n[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...fenced, ...inline].join('\n');
}
