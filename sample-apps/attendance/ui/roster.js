import { byId, createPage, fillRows, h } from '@campusbase/plugin-sdk/ui';

const page = createPage();
const { bridge, fail, fit, start } = page;

let shown = [];
let cursor = null;

/** `card,student[,guardian;guardian]` or `card,student,name,classId,className[,guardian;guardian]`. */
export function parseLine(line) {
  const cells = line.split(/[,，\t]/).map((cell) => cell.trim());
  const guardians = (text) => (text ? text.split(/[;；]/).filter(Boolean) : []);
  if (cells.length >= 5) {
    const [cardNo, studentId, studentName, classId, className, guardianText] = cells;
    return { cardNo, studentId, studentName, classId, className, guardianIds: guardians(guardianText) };
  }
  const [cardNo, studentId, guardianText] = cells;
  return { cardNo, studentId, guardianIds: guardians(guardianText) };
}

function removeButton(card) {
  const button = h('button', '删除', { class: 'danger' });
  button.addEventListener('click', async () => {
    if (
      !(await bridge.confirm({
        title: '删除卡号',
        message: `删除 ${card.studentName} 的卡 ${card.cardNo}？`,
        danger: true,
      }))
    )
      return;
    await bridge.api.delete(`/cards/${card.cardNo}`).catch(fail);
    await load(true);
  });
  return button;
}

async function load(reset) {
  if (reset) {
    shown = [];
    cursor = null;
  }
  const page = await bridge.api.get(`/cards${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
  shown = [...shown, ...page.items];
  cursor = page.nextCursor;
  fillRows(byId('cards'), shown, (card) => [
    card.cardNo,
    card.studentName,
    card.className,
    card.guardianIds.length,
    removeButton(card),
  ]);
  byId('more').hidden = !cursor;
  await fit();
}

async function submit(event) {
  event.preventDefault();
  const lines = byId('lines')
    .value.split('\n')
    .filter((line) => line.trim() !== '');
  try {
    const result = await bridge.api.put('/cards', { rows: lines.map(parseLine) });
    await bridge.toast(
      'success',
      `已导入 ${result.imported} 张卡（新增 ${result.created}，更新 ${result.updated}）`,
    );
    byId('lines').value = '';
    await load(true);
  } catch (error) {
    await bridge.alert('导入失败', error?.text?.zh ?? String(error));
  }
}

start(async () => {
  byId('import').addEventListener('submit', submit);
  byId('more').addEventListener('click', () => load(false).catch(fail));
  await load(true);
});
