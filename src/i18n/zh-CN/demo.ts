/** Messages for the demo commands (zh-CN). */
export const demo = {
  'demo.description': '生成示例数据：写入一个仿真的示例数据库，或（--csv）一份门店系统风格的保单导出文件',
  'demo.opt.vehicles': '车辆数（每辆车约 2 张保单），默认 {default}',
  'demo.opt.seed': '随机种子：同一种子和同一天生成完全相同的数据，默认 {default}',
  'demo.opt.csv': '不写数据库，改为把保单导出写到这个 CSV 文件（UTF-8 带 BOM，每行一张保单）',
  'demo.opt.force': '数据库已有车辆时，用示例数据整体替换；CSV 文件已存在时覆盖',
  'demo.badNumber': '{option} 的值“{value}”无效，应为 {min} 到 {max} 之间的整数。',
  'demo.notEmpty': '数据库 {path} 里已有 {vehicles} 辆车，示例数据没有写入。',
  'demo.notEmptyHint': '加 --force 用示例数据替换其中的车辆、保单和跟进记录（设置和目标保留），或用 --db 换一个文件。',
  'demo.csvWritten': '已写入示例保单导出 {path}：{vehicles} 辆车，{rows} 行保单。',
  'demo.csvNext': '导入试试：',
  'demo.written': '示例数据已写入 {path}：{vehicles} 辆车，{policies} 张保单，{cases} 个续保案例，{events} 条跟进记录。',
  'demo.replaced': '（原有的 {vehicles} 辆车及其保单和记录已被替换。）',
  'demo.next': '接下来可以看看：',
  'demo.nextToday': '今天要发的短信、要打的电话、约好的回访和已脱保的客户',
  'demo.nextCall': '给这位客户打电话，按话术记录结果',
  'demo.nextReport': '上个月的续保达成、战败原因和改进建议',
} as const;
