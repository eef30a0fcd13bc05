import { Component, type ReactNode } from 'react';

/** A rendering bug shows a message and a way back instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="alert alert-error crash" role="alert">
        <p>
          <strong>Something broke in the page.</strong> {this.state.error.message}
        </p>
        <button type="button" onClick={() => location.reload()}>
          Reload IMLab
        </button>
      </div>
    );
  }
}
