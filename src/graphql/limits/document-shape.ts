import { type DocumentNode, type FragmentDefinitionNode, Kind, type SelectionSetNode } from 'graphql';

/** Size and shape of a GraphQL document, measured on the AST alone (no schema, no variables). */
export interface DocumentShape {
  /** Deepest field nesting over all operations, fragments expanded, introspection meta-fields not counted. */
  depth: number;
  /** Aliased fields written in the document. */
  aliases: number;
  /** Field selections over all operations with fragments expanded (can be far more than written). */
  fields: number;
}

/**
 * Measures a document in time linear in its size: each fragment is measured once (memoised),
 * so a "fragment bomb" (fragments spreading the next one twice, n levels deep) is counted as
 * 2^n fields without being expanded. Fragment cycles count as nothing (validation rejects them).
 */
export function measureDocument(document: DocumentNode): DocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, { depth: number; fields: number }>();
  const inProgress = new Set<string>();

  function measure(selectionSet: SelectionSetNode): { depth: number; fields: number } {
    let depth = 0;
    let fields = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        fields += 1;
        // __schema and __type subtrees: graphql-js's MaxIntrospectionDepthRule bounds them.
        if (selection.name.value.startsWith('__')) continue;
        const child = selection.selectionSet ? measure(selection.selectionSet) : { depth: 0, fields: 0 };
        depth = Math.max(depth, 1 + child.depth);
        fields += child.fields;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const child = measure(selection.selectionSet);
        depth = Math.max(depth, child.depth);
        fields += child.fields;
      } else {
        const child = measureFragment(selection.name.value);
        depth = Math.max(depth, child.depth);
        fields += child.fields;
      }
    }
    return { depth, fields };
  }

  function measureFragment(name: string): { depth: number; fields: number } {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return { depth: 0, fields: 0 };
    inProgress.add(name);
    const result = measure(fragment.selectionSet);
    inProgress.delete(name);
    memo.set(name, result);
    return result;
  }

  let depth = 0;
  let fields = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const result = measure(definition.selectionSet);
    depth = Math.max(depth, result.depth);
    fields += result.fields;
  }
  return { depth, fields, aliases: countAliases(document) };
}

function countAliases(document: DocumentNode): number {
  let aliases = 0;
  const visit = (selectionSet: SelectionSetNode | undefined): void => {
    if (!selectionSet) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        visit(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      }
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) visit(definition.selectionSet);
  }
  return aliases;
}
