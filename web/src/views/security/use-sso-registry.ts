import { ElMessage, ElMessageBox } from 'element-plus';
import { type Ref, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError } from '../../api/client.ts';
import { ssoMessages } from './messages.ts';

/** What every registered system has: OIDC clients and CAS services alike. */
export interface SsoEntry {
  name: string;
  status: 'active' | 'disabled';
}

export interface SsoRegistryOptions<Item extends SsoEntry, Form extends { name: string }> {
  list(): Promise<Item[]>;
  /** The form for registering a new system. */
  blank(): Form;
  /** The form for editing `item`. */
  fromItem(item: Item): Form;
  /**
   * What is wrong with the form beyond a missing name, in the admin's language, or null when it
   * can be sent. Runs before anything is sent, so the admin learns which address is refused.
   */
  problem(form: Form): string | null;
  create(form: Form): Promise<void>;
  update(item: Item, form: Form): Promise<void>;
  setStatus(item: Item, status: SsoEntry['status']): Promise<void>;
  /** Whether saving a new system says 已保存; false when creating shows something else (the secret). */
  announceCreate?: boolean;
}

/** A column of the registry table: one value, or a list shown one per line. */
export interface SsoColumn<Item> {
  key: string;
  label: string;
  minWidth: number;
  value(item: Item): string | string[];
}

/** The state and actions a registry panel renders (see `useSsoRegistry`). */
export interface SsoRegistry<Item extends SsoEntry, Form extends { name: string }> {
  items: Ref<Item[]>;
  /** The entry being edited; null while registering a new one. */
  editing: Ref<Item | null>;
  form: Ref<Form>;
  open: Ref<boolean>;
  saving: Ref<boolean>;
  reload(): Promise<void>;
  startAdd(): void;
  startEdit(item: Item): void;
  save(): Promise<void>;
  toggle(item: Item): Promise<void>;
  /** Runs `action` after the admin confirms `message`; a dismissed box does nothing. */
  confirmThen(message: string, title: string, action: () => Promise<void>): Promise<void>;
}

/**
 * The state and actions of a list of registered systems with a create/edit dialog and a
 * disable-after-confirming toggle: what the OIDC clients and CAS services panels share. The panel
 * says how to load, check and save its kind of entry.
 *
 * @example
 * const registry = useSsoRegistry({ list: async () => (await listCasServices()).items, … });
 */
export function useSsoRegistry<Item extends SsoEntry, Form extends { name: string }>(
  options: SsoRegistryOptions<Item, Form>,
): SsoRegistry<Item, Form> {
  const { t } = useI18n({ useScope: 'local', messages: ssoMessages });
  const items = ref<Item[]>([]) as Ref<Item[]>;
  const editing = ref<Item | null>(null) as Ref<Item | null>;
  const form = ref(options.blank()) as Ref<Form>;
  const open = ref(false);
  const saving = ref(false);

  const fail = (error: unknown) => ElMessage.error(error instanceof ApiError ? error.message : String(error));
  const dismissed = (error: unknown) => error === 'cancel' || error === 'close';

  async function reload() {
    try {
      items.value = await options.list();
    } catch (error) {
      fail(error);
    }
  }

  function startAdd() {
    editing.value = null;
    form.value = options.blank();
    open.value = true;
  }

  function startEdit(item: Item) {
    editing.value = item;
    form.value = options.fromItem(item);
    open.value = true;
  }

  async function save() {
    const problem = form.value.name.trim() ? options.problem(form.value) : t('sso.needName');
    if (problem) {
      ElMessage.error(problem);
      return;
    }
    saving.value = true;
    try {
      const item = editing.value;
      if (item) await options.update(item, form.value);
      else await options.create(form.value);
      if (item || options.announceCreate !== false) ElMessage.success(t('sso.saved'));
      open.value = false;
      await reload();
    } catch (error) {
      fail(error);
    } finally {
      saving.value = false;
    }
  }

  /** Disabling asks first (the system's logins stop at once); enabling does not. */
  async function toggle(item: Item) {
    const disabling = item.status === 'active';
    try {
      if (disabling)
        await ElMessageBox.confirm(t('sso.disableConfirm', { name: item.name }), t('sso.disable'), {
          type: 'warning',
          confirmButtonText: t('sso.disable'),
          cancelButtonText: t('sso.cancel'),
        });
      await options.setStatus(item, disabling ? 'disabled' : 'active');
      await reload();
    } catch (error) {
      if (!dismissed(error)) fail(error);
    }
  }

  async function confirmThen(message: string, title: string, action: () => Promise<void>) {
    try {
      await ElMessageBox.confirm(message, title, {
        type: 'warning',
        confirmButtonText: title,
        cancelButtonText: t('sso.cancel'),
      });
      await action();
    } catch (error) {
      if (!dismissed(error)) fail(error);
    }
  }

  return { items, editing, form, open, saving, reload, startAdd, startEdit, save, toggle, confirmThen };
}
