// Structure checks ESLint does not make: import cycles in src/ and scripts/, type-only
// imports included (ESLint's no-cycle skips those: a cycle of types still means two
// modules that cannot be understood apart); files in src/ under 300 lines; a header
// comment on every module; no comment citing an issue number. Exits 1 on any problem.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOTS = ['src', 'scripts'];
const EXT = ['.ts', '.tsx', '.mjs'];

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (EXT.some((e) => p.endsWith(e))) out.push(normalize(p));
  }
  return out;
}

const files = ROOTS.flatMap((r) => walk(r));
const known = new Set(files);
const SPEC = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

function resolve(from, spec) {
  const base = normalize(join(dirname(from), spec.split('?')[0]));
  for (const c of [base, ...EXT.map((e) => base + e), ...EXT.map((e) => join(base, 'index' + e))]) if (known.has(c)) return c;
  return null;
}

const graph = new Map(files.map((f) => [f, [...readFileSync(f, 'utf8').matchAll(SPEC)].map((m) => resolve(f, m[1])).filter(Boolean)]));

/** Tarjan's strongly connected components of `graph` (node → nodes it imports): those with more than one node, or a node importing itself, are the cycles. */
function cyclesOf(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  function strong(v) {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(comp);
    }
  }
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return found;
}
const cycles = cyclesOf(graph);

// Floors inside src/core: its folders must not import each other in a cycle, so each can be
// understood with only the ones below it (a top-level file such as method.ts counts as a
// floor of its own; the file-level check covers it). Tests are left out: a test may reach
// any folder it exercises.
const CORE = normalize('src/core');
const floorOf = (f) => {
  const parts = relative(CORE, f).split(/[\\/]/);
  return `core/${parts[0]}`;
};
const folderEdges = new Map();
for (const [f, targets] of graph) {
  if (!f.startsWith(CORE) || /\.test\.tsx?$/.test(f)) continue;
  for (const t of targets) {
    if (!t.startsWith(CORE) || floorOf(t) === floorOf(f)) continue;
    const key = `${floorOf(f)} → ${floorOf(t)}`;
    if (!folderEdges.has(key)) folderEdges.set(key, `${relative(CORE, f)} → ${relative(CORE, t)}`);
  }
}
const folderGraph = new Map();
for (const key of folderEdges.keys()) {
  const [a, b] = key.split(' → ');
  folderGraph.set(a, [...(folderGraph.get(a) ?? []), b]);
}
const folderCycles = cyclesOf(folderGraph);

// The tf-free domain: these floors of core never reach TF.js through a value import (type
// imports are erased), so the UI may import them; the engine (eslint.config.js's ENGINE)
// and the mixed backend/ and compress/ are the rest. And every value import of the UI
// (features, kit, shell, protocol) lands on a module that reaches no TF.js, whatever its folder.
const DOMAIN = ['abort.ts', 'random.ts', 'weights.ts', 'method.ts', 'criteria', 'models', 'data', 'prune', 'stats', 'inspect', 'results', 'io', 'persist'];
const VALUE = /^\s*(import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const valueImports = new Map(files.map((f) => [f, [...readFileSync(f, 'utf8').matchAll(VALUE)].map((m) => (m[2].startsWith('.') ? resolve(f, m[2]) : m[2])).filter(Boolean)]));
const tfPath = new Map();
/** The chain of value imports from `f` to TF.js, or null when there is none. */
function reachesTf(f, seen = new Set()) {
  if (tfPath.has(f)) return tfPath.get(f);
  if (seen.has(f)) return null;
  seen.add(f);
  let found = null;
  for (const t of valueImports.get(f) ?? []) {
    if (t.startsWith('@tensorflow/')) found = [t];
    else if (known.has(t)) {
      const rest = reachesTf(t, seen);
      if (rest) found = [relative(CORE, t), ...rest];
    }
    if (found) break;
  }
  tfPath.set(f, found);
  return found;
}
const tfProblems = [];
for (const f of files) {
  if (!f.startsWith(CORE) || /\.test\.tsx?$/.test(f) || !DOMAIN.includes(relative(CORE, f).split(/[\\/]/)[0])) continue;
  const chain = reachesTf(f);
  if (chain) tfProblems.push(`${f} is in the tf-free domain of core but reaches TF.js: ${chain.join(' → ')}`);
}
for (const f of files) {
  if (!/^src[\\/](features|kit|shell|protocol)[\\/]/.test(f) || /\.test\.tsx?$/.test(f)) continue;
  for (const t of valueImports.get(f) ?? []) {
    const chain = known.has(t) && t.startsWith(CORE) ? reachesTf(t) : null;
    if (chain) tfProblems.push(`${f} (UI) imports ${relative('.', t)}, which reaches TF.js: ${chain.join(' → ')}`);
  }
}

const MAX_LINES = 300;
const problems = [...cycles.map((c) => `import cycle: ${c.map((f) => relative('.', f)).join(' ↔ ')}`), ...tfProblems];
for (const comp of folderCycles) {
  const inside = [...folderEdges].filter(([key]) => comp.includes(key.split(' → ')[0]) && comp.includes(key.split(' → ')[1]));
  problems.push(`folder cycle in src/core: ${comp.sort().join(', ')}; its imports: ${inside.map(([key, example]) => `${key} (e.g. ${example})`).join('; ')}`);
}
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const lines = text.split('\n').length;
  if (f.startsWith('src') && lines > MAX_LINES) problems.push(`${f} has ${lines} lines (at most ${MAX_LINES})`);
  const test = /\.test\.tsx?$/.test(f);
  if (!test && !/^(\/\/|\/\*)/.test(text.trimStart())) problems.push(`${f} starts without a header comment saying why it exists`);
  for (const m of text.matchAll(/\/\/[^\n]*\bissue\s*#?\d+/gi)) problems.push(`${f}: a comment cites an issue number ("${m[0].trim().slice(0, 60)}")`);
}
if (problems.length) {
  for (const p of problems) console.error(`check-structure: ${p}`);
  process.exit(1);
}
console.log(`check-structure: ok (${files.length} files: no import cycles, type imports included; no folder cycles in src/core; its tf-free domain and the UI's imports reach no TF.js; src files ≤ ${MAX_LINES} lines; header comments present)`);
