/** The short background texts beside the views. Each is collapsible: nothing depends on reading them. */
export function Explainer({ alpha }: { alpha: number }) {
  return (
    <aside className="learn-explainer" aria-label="Background">
      <h2>What is going on</h2>
      <details open>
        <summary>The inlier-memorization effect</summary>
        <p>
          A generative model (here a small importance-weighted autoencoder) learns to give every point a high likelihood; its loss for a
          point is how badly it explains that point. Early in training the model has only had time to get the common shapes right, and the
          common shapes are the inliers: many points in dense places pull the model their way first. So for a while the inliers already have
          low losses while the outliers are still expensive, and the loss alone ranks outliers on top.
        </p>
        <p>
          Train long enough and the model explains the outliers too, so the gap closes. The methods here all try to catch the model while
          the gap is wide, or to keep it wide.
        </p>
      </details>
      <details>
        <summary>Why trimming</summary>
        <p>
          After a few plain epochs, each mini-batch drops its highest losses before the model is updated (trimming on). The dropped points
          are mostly outliers, so the model keeps studying the inliers and stops learning the outliers. The batch also grows every epoch,
          which makes the cut steadier. This is ALTBI, and IMBoost&apos;s warm-up.
        </p>
      </details>
      <details>
        <summary>Why polarization</summary>
        <p>
          Without labels a method can only hope the effect points the right way. IMBoost then asks an oracle (here: the true labels) about a
          handful of points per round. Labeled inliers get an extra term that lowers their loss; labeled outliers get a term that raises it.
          Because the model generalizes, their neighbours move with them: the inlier risk goes down, the outlier risk goes up, and the two
          curves split apart.
        </p>
      </details>
      <details>
        <summary>Why ask near the GMM boundary</summary>
        <p>
          The loss histogram usually has two humps. A two-component Gaussian mixture fitted to the losses says, for each point, how likely
          it belongs to the low-loss (inlier) hump. Points the mixture is sure about teach little: their label is what the model already
          believes. IMBoost asks about points where the smaller of the two probabilities is close to α = {alpha} (the dashed lines in the
          histogram): uncertain, so each answer corrects the model where it is most likely to be wrong.
        </p>
      </details>
      <details>
        <summary>How to read the views</summary>
        <ul>
          <li>Points: circles are true inliers, crosses true outliers; colour is the rank of the current loss (blue low, red high).</li>
          <li>Rings are points the oracle was asked about; magenta rings are the latest round.</li>
          <li>Risk chart: the mean loss of each true class. Outlier curve above the inlier curve means the loss ranks outliers first.</li>
          <li>AUC: the chance a random outlier has a higher loss than a random inlier. Below 0.5 the ranking is upside down.</li>
        </ul>
      </details>
    </aside>
  );
}
