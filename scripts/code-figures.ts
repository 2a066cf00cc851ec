/**
 * Size figures of the source, for notes on a restructuring: the largest file
 * in src/ by lines, the longest function in src/, and the longest function in
 * src/plans/. A function is any function declaration, method, arrow function
 * or function expression (TypeScript compiler API), measured in lines from
 * its first to its last line, nested functions included.
 *
 *   npx tsx scripts/code-figures.ts [ROOT]     (ROOT defaults to the current folder)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

interface FunctionFigure {
  file: string;
  name: string;
  line: number;
  lines: number;
}

const root = path.resolve(process.argv[2] ?? '.');
const src = path.join(root, 'src');
if (!fs.existsSync(src)) {
  console.error(`usage: npx tsx scripts/code-figures.ts [ROOT]  (no src/ in ${root})`);
  process.exit(2);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** A readable name: the declaration's own, else what it is assigned to or the property it sits in. */
function functionName(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))
    return parent.name.getText(sf);
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(sf)})`;
  return '(anonymous)';
}

function functionsIn(file: string): FunctionFigure[] {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: FunctionFigure[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({
        file: path.relative(root, file),
        name: functionName(node, sf),
        line: start + 1,
        lines: end - start + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const files = sourceFiles(src);
const lineCounts = files
  .map((f) => ({
    file: path.relative(root, f),
    lines: fs.readFileSync(f, 'utf8').split('\n').length - 1,
  }))
  .sort((a, b) => b.lines - a.lines);
const functions = files.flatMap(functionsIn).sort((a, b) => b.lines - a.lines);
const inPlans = functions.filter((f) => f.file.startsWith(`src${path.sep}plans${path.sep}`));

const show = (f: FunctionFigure | undefined): string =>
  f ? `${f.lines} lines: ${f.name} (${f.file}:${f.line})` : 'none';
console.log(`files in src: ${files.length}`);
console.log(`largest file in src: ${lineCounts[0]?.lines} lines: ${lineCounts[0]?.file}`);
console.log(
  `largest file in src/plans: ${(() => {
    const top = lineCounts.find((c) => c.file.startsWith(`src${path.sep}plans${path.sep}`));
    return top ? `${top.lines} lines: ${top.file}` : 'none';
  })()}`,
);
console.log(`longest function in src: ${show(functions[0])}`);
console.log(`longest function in src/plans: ${show(inPlans[0])}`);
