/** IMLab's own lint rules. */
import path from 'node:path';
import { pathBack, resolveImport } from './importGraph.js';

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No circle of files: an import must not lead back to the importing file.' },
    messages: { cycle: 'Import closes a circle of files: {{trail}}.' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const root = context.cwd;
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = resolveImport(file, source.value);
      if (!target) return;
      const back = pathBack(target, file);
      if (back) {
        const trail = [file, ...back].map((f) => path.relative(root, f)).join(' -> ');
        context.report({ node: source, messageId: 'cycle', data: { trail } });
      }
    };
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
    };
  },
};

export default { meta: { name: 'imlab' }, rules: { 'no-cycle': noCycle } };
