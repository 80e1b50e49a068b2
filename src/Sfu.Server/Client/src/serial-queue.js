/**
 * Runs async tasks one after another, in the order they were queued: a negotiation on a peer connection
 * waits for the previous one to finish. A failed task does not stop the ones queued after it.
 */
export class SerialQueue {
  #tail = Promise.resolve();

  /**
   * Queues a task.
   * @template T
   * @param {() => Promise<T> | T} task
   * @returns {Promise<T>} settles with the task's own result
   */
  run(task) {
    const result = this.#tail.then(() => task());
    this.#tail = result.catch(() => {});
    return result;
  }
}
