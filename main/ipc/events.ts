import type { EventName, IpcEvents } from './contract';

type Listener = <E extends EventName>(event: E, payload: IpcEvents[E]) => void;

/** Fan-out of main-side events to every connected renderer (Electron window or browser tab). */
export class EventBus {
  private listeners = new Set<Listener>();
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit<E extends EventName>(event: E, payload: IpcEvents[E]): void {
    for (const l of this.listeners) l(event, payload);
  }
}
