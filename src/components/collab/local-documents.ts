/**
 * The copies of live documents kept on this device (IndexedDB), by name: what signing out forgets.
 * Apart from the live editing code, so that pages which only sign out (the shell, settings) do
 * not load Yjs and its provider.
 */
const LOCAL_PREFIX = "mycrm:";

/** Per person, so two people sharing a computer never see each other's local copies. */
export const localName = (userId: string, documentName: string) => `${LOCAL_PREFIX}${userId}:${documentName}`;

/** Signing out leaves no record content on the device. */
export async function forgetLocalDocuments() {
  if (typeof indexedDB === "undefined" || !indexedDB.databases) return;
  const all = await indexedDB.databases();
  await Promise.all(
    all
      .filter((d) => d.name?.startsWith(LOCAL_PREFIX))
      .map(
        (d) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(d.name!);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}
