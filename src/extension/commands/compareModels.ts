import * as vscode from 'vscode';
import { readCheckpointMeta } from '../training/trainingLog';
import type { TreeNode } from '../tree/xlensTree';
import type { ModelPick, SidebarCompareView } from '../views/sidebarCompare';

type ModelNode = Extract<TreeNode, { kind: 'model' }>;

const pickOf = (n: ModelNode): ModelPick => ({ source: n.source, checkpoint: n.origin === 'checkpoint' });

/** The base model a checkpoint folder was trained on (its xlens-checkpoint.json), if readable. */
async function baseOf(n: ModelNode): Promise<string | undefined> {
  return n.origin === 'checkpoint' ? (await readCheckpointMeta(n.source))?.base.source : undefined;
}

/**
 * Two models selected in the Models tree: compare them in the side bar. A checkpoint and its
 * base are ordered base → checkpoint (B is measured against A); otherwise in selection order.
 */
export async function compareSelectedModels(view: SidebarCompareView, selection: readonly TreeNode[]): Promise<void> {
  const models = selection.filter((n): n is ModelNode => n.kind === 'model');
  if (models.length !== 2) return;
  let [a, b] = models;
  if ((await baseOf(a)) === b.source || ((await baseOf(a)) !== undefined && (await baseOf(b)) === undefined)) [a, b] = [b, a];
  await view.show(pickOf(a), pickOf(b));
}

/** "Compare with Base" on a checkpoint of the Models tree: base model (A) against the checkpoint (B). */
export async function compareWithBaseCommand(view: SidebarCompareView, node: TreeNode | undefined): Promise<void> {
  if (node?.kind !== 'model' || node.origin !== 'checkpoint') {
    void vscode.window.showInformationMessage('XLens: Compare with Base works on a checkpoint of the Models tree.');
    return;
  }
  const base = await baseOf(node);
  if (!base) {
    void vscode.window.showErrorMessage(`XLens: ${node.source} has no readable xlens-checkpoint.json naming its base model.`);
    return;
  }
  await view.show({ source: base, checkpoint: false }, pickOf(node));
}
