// Create/update/delete for the two trees (part categories, stock locations), which share one
// shape: name unique among siblings, `path` = names from the root joined by "/".
//
// Every tree mutation first takes a SHARE ROW EXCLUSIVE lock on the tree's table, so tree
// changes run one at a time (reads go on): a move cannot race a create under the moved subtree
// (which would leave a stale path) or another move (which could close a cycle).
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from '../db/entities/index.js';
import { badInput } from '../graphql/errors.js';
import type { ChangeAction, InventoryModel, InventoryModels } from './events.js';
import { mustFind } from './ids.js';
import type { CreateTreeNodeInput, UpdateTreeNodeInput } from './inputs.js';
import { DESCRIPTION_MAX, requiredName, text } from './validation.js';
import { beforeChange, validateDelete, validateSave } from './validators.js';

export interface TreeRow {
  id: number;
  name: string;
  description: string;
  parent?: TreeRow | null;
  path: string;
}

export interface ContentRow {
  id: number;
}

export interface TreeSpec<N extends TreeRow, C extends ContentRow> {
  entity: EntityClass<N>;
  /** The model name in events and validators. */
  model: InventoryModel;
  /** SQL table name (for the lock and the subtree path update). */
  table: string;
  /** "Category" / "Location" in messages. */
  label: string;
  /** "subcategories" / "sublocations" in messages. */
  childrenLabel: string;
  emit(em: EntityManager, action: ChangeAction, node: N, user: User | null): Promise<void>;
  /** What a node holds besides child nodes (parts of a category, stock items at a location). */
  contents: {
    entity: EntityClass<C>;
    model: InventoryModel;
    /** The property pointing at the node. */
    fk: string;
    label: string;
    setNode(row: C, node: N | null): void;
    emit(em: EntityManager, action: ChangeAction, row: C, user: User | null): Promise<void>;
  };
}

/** A tree row or content row as the model its spec names (the specs pair them; see tree-specs.ts). */
const asModel = (row: TreeRow | ContentRow): InventoryModels[InventoryModel] => row as InventoryModels[InventoryModel];

export function pathOf(parent: TreeRow | null | undefined, name: string): string {
  return parent ? `${parent.path}/${name}` : name;
}

/** `node` is `ancestor` or lies below it. */
export function isWithin(node: TreeRow, ancestor: TreeRow): boolean {
  return node.id === ancestor.id || node.path.startsWith(`${ancestor.path}/`);
}

async function lockTree(em: EntityManager, table: string): Promise<void> {
  await em.execute(`lock table "${table}" in share row exclusive mode`, [], 'run');
}

async function assertNameFree<N extends TreeRow>(
  em: EntityManager,
  spec: TreeSpec<N, ContentRow>,
  parent: N | null,
  name: string,
  exceptId?: number,
): Promise<void> {
  const where = { parent: parent?.id ?? null, name, ...(exceptId ? { id: { $ne: exceptId } } : {}) } as FilterQuery<N>;
  const clash = await em.findOne(spec.entity, where);
  if (clash)
    throw badInput(
      `${parent ? `"${parent.path}"` : 'The top level'} already has a ${spec.label.toLowerCase()} named "${name}"`,
      'name',
    );
}

export async function createNode<N extends TreeRow, C extends ContentRow>(
  em: EntityManager,
  spec: TreeSpec<N, C>,
  input: CreateTreeNodeInput,
  user: User | null,
): Promise<N> {
  await lockTree(em, spec.table);
  const name = requiredName(input.name, 'name', { treeNode: true });
  const description = text(input.description, 'description', DESCRIPTION_MAX);
  const parent = input.parent == null ? null : await mustFind(em, spec.entity, input.parent, 'parent', spec.label);
  await assertNameFree(em, spec, parent, name);
  const node = em.create(spec.entity, { name, description, parent, path: pathOf(parent, name) } as never);
  await validateSave(em, spec.model, asModel(node), null);
  await em.flush();
  await spec.emit(em, 'created', node, user);
  return node;
}

export async function updateNode<N extends TreeRow, C extends ContentRow>(
  em: EntityManager,
  spec: TreeSpec<N, C>,
  rawId: string,
  input: UpdateTreeNodeInput,
  user: User | null,
): Promise<N> {
  await lockTree(em, spec.table);
  const node = await mustFind(em, spec.entity, rawId, 'id', spec.label, ['parent']);
  const name = input.name === undefined ? node.name : requiredName(input.name, 'name', { treeNode: true });
  const description =
    input.description === undefined ? node.description : text(input.description, 'description', DESCRIPTION_MAX);
  let parent = (node.parent ?? null) as N | null;
  if (input.parent !== undefined) {
    parent = input.parent === null ? null : await mustFind(em, spec.entity, input.parent, 'parent', spec.label);
    if (parent && isWithin(parent, node)) {
      throw badInput(
        `${spec.label} "${node.path}" cannot be moved under itself or one of its ${spec.childrenLabel}`,
        'parent',
      );
    }
  }
  const moved = (parent?.id ?? null) !== (node.parent?.id ?? null);
  if (moved || name !== node.name) await assertNameFree(em, spec, parent, name, node.id);

  const oldPath = node.path;
  const before = beforeChange(em, spec.model, asModel(node));
  node.name = name;
  node.description = description;
  node.parent = parent;
  node.path = pathOf(parent, name);
  if (before) await validateSave(em, spec.model, asModel(node), before);
  await em.flush();
  if (node.path !== oldPath) {
    // Every descendant's path starts with "<oldPath>/": swap that prefix in one statement.
    await em.execute(
      `update "${spec.table}" set path = ?::text || substr(path, length(?::text) + 1), updated_at = now() where starts_with(path, ?::text || '/')`,
      [node.path, oldPath, oldPath],
      'run',
    );
  }
  await spec.emit(em, 'saved', node, user);
  return node;
}

/**
 * Deletes a node. A node with child nodes or contents is refused unless `reparent`, which first
 * moves the children and contents to the node's parent (the top level / nowhere for a root).
 */
export async function deleteNode<N extends TreeRow, C extends ContentRow>(
  em: EntityManager,
  spec: TreeSpec<N, C>,
  rawId: string,
  reparent: boolean,
  user: User | null,
): Promise<number> {
  await lockTree(em, spec.table);
  const node = await mustFind(em, spec.entity, rawId, 'id', spec.label, ['parent']);
  const children = await em.find(spec.entity, { parent: node.id } as FilterQuery<N>, {
    orderBy: { id: 'asc' } as never,
  });
  const contents = await em.find(spec.contents.entity, { [spec.contents.fk]: node.id } as FilterQuery<C>, {
    orderBy: { id: 'asc' } as never,
  });

  if ((children.length || contents.length) && !reparent) {
    throw badInput(
      `${spec.label} "${node.path}" has ${children.length} ${spec.childrenLabel} and ${contents.length} ${spec.contents.label}: ` +
        'move or delete them first, or pass reparent: true to move them to its parent',
      'reparent',
    );
  }

  await validateDelete(em, spec.model, asModel(node));

  if (children.length || contents.length) {
    const parent = (node.parent ?? null) as N | null;
    if (children.length) {
      const clashes = await em.find(spec.entity, {
        parent: parent?.id ?? null,
        id: { $ne: node.id },
        name: { $in: children.map((c) => c.name) },
      } as FilterQuery<N>);
      if (clashes.length) {
        const where = parent ? `"${parent.path}"` : 'the top level';
        throw badInput(
          `Cannot move the ${spec.childrenLabel} to ${where}: it already has ${clashes.map((c) => `"${c.name}"`).join(', ')}`,
          'reparent',
        );
      }
    }
    for (const c of children) {
      const before = beforeChange(em, spec.model, asModel(c));
      c.parent = parent;
      c.path = pathOf(parent, c.name);
      if (before) await validateSave(em, spec.model, asModel(c), before);
    }
    for (const row of contents) {
      const before = beforeChange(em, spec.contents.model, asModel(row));
      spec.contents.setNode(row, parent);
      if (before) await validateSave(em, spec.contents.model, asModel(row), before);
    }
    await em.flush();
    // Deeper descendants: drop "<node name>/" from the middle of their paths.
    await em.execute(
      `update "${spec.table}" set path = ?::text || substr(path, length(?::text) + 2), updated_at = now() where starts_with(path, ?::text || '/')`,
      [parent ? `${parent.path}/` : '', node.path, node.path],
      'run',
    );
    for (const c of children) await spec.emit(em, 'saved', c, user);
    for (const row of contents) await spec.contents.emit(em, 'saved', row, user);
  }

  const id = node.id;
  await spec.emit(em, 'deleted', node, user);
  em.remove(node);
  await em.flush();
  return id;
}
