/** The answers' classifier: a class-balanced random forest (peers/randomForest.ts), judged out of bag. */
import { RandomForest } from '../peers/randomForest';
import type { AnswerClassifier } from './stack';

/** 200 trees as the random-answer peer uses; seeded by the run. */
export function forestClassifier(seed: number, trees = 200): () => AnswerClassifier {
  return () => {
    const forest = new RandomForest({ trees, seed });
    return {
      fit(X, n, d, y, weights) {
        forest.fit(X, n, d, y, weights ?? undefined);
        return forest.oobProba();
      },
      predict: (X, n) => forest.predictProba(X, n),
    };
  };
}
