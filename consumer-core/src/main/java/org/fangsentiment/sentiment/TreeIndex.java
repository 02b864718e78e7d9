package org.fangsentiment.sentiment;

import edu.stanford.nlp.trees.Tree;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Token spans and parents of every node of one tree, computed in one walk (CoreNLP's own lookups are linear). */
final class TreeIndex {

    private final Map<Tree, int[]> spans = new IdentityHashMap<>();
    private final Map<Tree, Tree> parents = new IdentityHashMap<>();
    private final List<Tree> leaves;

    TreeIndex(Tree root) {
        leaves = root.getLeaves();
        walk(root, null, 0);
    }

    private int walk(Tree node, Tree parent, int start) {
        parents.put(node, parent);
        int end;
        if (node.isLeaf()) {
            end = start + 1;
        } else {
            end = start;
            for (Tree child : node.children()) {
                end = walk(child, node, end);
            }
        }
        spans.put(node, new int[] {start, end});
        return end;
    }

    List<Tree> leaves() {
        return leaves;
    }

    int start(Tree node) {
        return spans.get(node)[0];
    }

    int end(Tree node) {
        return spans.get(node)[1];
    }

    /** The parent, or null for the root. */
    Tree parent(Tree node) {
        return parents.get(node);
    }
}
