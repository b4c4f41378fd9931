import type { DraftGroup, DraftNode } from './rule-draft';

/**
 * Immutable edits of a draft tree by node id: the node is replaced by what `change` returns
 * (null removes it). Nodes off the path keep their identity, so React re-renders only the
 * edited branch.
 */
export function changeNode(root: DraftGroup, id: string, change: (node: DraftNode) => DraftNode | null): DraftGroup {
  if (root.id === id) {
    const changed = change(root);
    // The top group cannot be removed or turned into a condition.
    return changed && changed.kind === 'group' ? changed : root;
  }
  return changeIn(root, id, change) as DraftGroup;
}

function changeIn(node: DraftNode, id: string, change: (node: DraftNode) => DraftNode | null): DraftNode {
  if (node.kind === 'group') {
    let touched = false;
    const children: DraftNode[] = [];
    for (const child of node.children) {
      if (child.id === id) {
        touched = true;
        const changed = change(child);
        if (changed) children.push(changed);
      } else {
        const next = changeIn(child, id, change);
        if (next !== child) touched = true;
        children.push(next);
      }
    }
    return touched ? { ...node, children } : node;
  }
  if (node.kind === 'contacts') {
    if (node.where.id === id) {
      const changed = change(node.where);
      return changed && changed.kind === 'group' ? { ...node, where: changed } : node;
    }
    const where = changeIn(node.where, id, change);
    return where === node.where ? node : { ...node, where: where as DraftGroup };
  }
  return node;
}

/** Replaces fields of the node (of whatever kind it is). */
export function patchNode(root: DraftGroup, id: string, patch: Partial<DraftNode>): DraftGroup {
  return changeNode(root, id, (node) => ({ ...node, ...patch }) as DraftNode);
}

export function removeNode(root: DraftGroup, id: string): DraftGroup {
  return changeNode(root, id, () => null);
}

export function appendChild(root: DraftGroup, groupId: string, child: DraftNode): DraftGroup {
  return changeNode(root, groupId, (node) => (node.kind === 'group' ? { ...node, children: [...node.children, child] } : node));
}
