<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>App</name>
    <message>
        <source>团队短语已更新</source>
        <translation>Team phrases updated</translation>
    </message>
    <message>
        <source>短语包 {0} 已更新到第 {1} 版</source>
        <translation>Pack {0} updated to version {1}</translation>
    </message>
    <message>
        <location filename="../../app.py" line="157"/>
        <source>。可以从托盘菜单打开搜索。</source>
        <translation>. You can open the search from the tray menu.</translation>
    </message>
    <message>
        <location filename="../../app.py" line="262"/>
        <source>使用统计</source>
        <translation>Usage statistics</translation>
    </message>
    <message>
        <location filename="../../app.py" line="311"/>
        <source>关于 quickreply</source>
        <translation>About quickreply</translation>
    </message>
    <message>
        <location filename="../../app.py" line="322"/>
        <source>在聊天窗口按 {0} 打开搜索,输入 fh、发货 或 fahuo,回车即可粘贴回复。</source>
        <translation>In the chat window press {0} to search, type fh, 发货 or fahuo, and Enter pastes the reply.</translation>
    </message>
    <message>
        <location filename="../../app.py" line="260"/>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <location filename="../../app.py" line="242"/>
        <source>导入完成</source>
        <translation>Import finished</translation>
    </message>
    <message>
        <location filename="../../app.py" line="261"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../app.py" line="219"/>
        <source>已存为自己的短语</source>
        <translation>Saved to my phrases</translation>
    </message>
    <message>
        <location filename="../../app.py" line="315"/>
        <source>数据文件:</source>
        <translation>Data file: </translation>
    </message>
    <message>
        <location filename="../../app.py" line="243"/>
        <source>新增 {0},更新 {1},移除 {2}</source>
        <translation>Added {0}, updated {1}, removed {2}</translation>
    </message>
    <message>
        <location filename="../../app.py" line="170"/>
        <source>检查草稿</source>
        <translation>Check draft</translation>
    </message>
    <message>
        <location filename="../../app.py" line="230"/>
        <source>剪贴板所属的程序没有响应,{剪贴板} 暂时为空</source>
        <translation>The program holding the clipboard does not answer; {剪贴板} is empty for now</translation>
    </message>
    <message>
        <location filename="../../app.py" line="470"/>
        <source>quickreply 上次({0})意外退出,原因已记入日志:{1}</source>
        <translation>quickreply ended unexpectedly last time ({0}); the cause is in the log: {1}</translation>
    </message>
    <message>
        <location filename="../../app.py" line="321"/>
        <source>欢迎使用 quickreply</source>
        <translation>Welcome to quickreply</translation>
    </message>
    <message>
        <location filename="../../app.py" line="313"/>
        <source>电商客服快捷回复助手</source>
        <translation>Quick replies for e-commerce customer service</translation>
    </message>
    <message>
        <location filename="../../app.py" line="257"/>
        <source>短语包</source>
        <translation>Phrase packs</translation>
    </message>
    <message>
        <location filename="../../app.py" line="126"/>
        <source>规则文件有误,已只用内置规则:</source>
        <translation>A rule file has errors; using the built-in rules only: </translation>
    </message>
    <message>
        <location filename="../../app.py" line="50"/>
        <source>这些设置的值无效,已改用默认值:</source>
        <translation>These settings hold invalid values; their defaults are used instead: </translation>
    </message>
    <message>
        <location filename="../../app.py" line="295"/>
        <source>设置窗口暂不可用</source>
        <translation>The settings window is not available</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../composer.py" line="61"/>
        <source>直接输入回复;Enter 粘贴,Ctrl+Enter 粘贴并发送,Alt+Enter 换行,Ctrl+S 存为短语</source>
        <translation>Type a reply; Enter pastes, Ctrl+Enter pastes and sends, Alt+Enter adds a line break, Ctrl+S saves as a phrase</translation>
    </message>
    <message>
        <location filename="../composer.py" line="104"/>
        <source>服务规范:</source>
        <translation>Service standard: </translation>
    </message>
    <message>
        <location filename="../composer.py" line="106"/>
        <source>符合服务规范</source>
        <translation>Meets the service standard</translation>
    </message>
    <message>
        <location filename="../composer.py" line="118"/>
        <source>草稿不符合服务规范(</source>
        <translation>The draft breaks the service standard (</translation>
    </message>
    <message>
        <location filename="../composer.py" line="118"/>
        <source>)。再按一次 Enter 仍然使用</source>
        <translation>). Press Enter again to use it anyway</translation>
    </message>
    <message>
        <location filename="../composer.py" line="93"/>
        <source>写一条新回复(Esc 关闭)</source>
        <translation>Write a new reply (Esc closes)</translation>
    </message>
</context>
<context>
    <name>DayChart</name>
    <message>
        <location filename="../stats_view.py" line="72"/>
        <source>周一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="73"/>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="74"/>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="75"/>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="76"/>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="77"/>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="78"/>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="95"/>
        <source>周末</source>
        <translation>Weekend</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="95"/>
        <source>工作日</source>
        <translation>Weekday</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="127"/>
        <source>次数</source>
        <translation>Uses</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="141"/>
        <source>没有数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="180"/>
        <source>{0} {1}:{2} 次</source>
        <translation>{0} {1}: {2} uses</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../import_dialog.py" line="248"/>
        <location filename="../import_dialog.py" line="279"/>
        <source>导出短语</source>
        <translation>Export phrases</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="254"/>
        <source>全部阶段</source>
        <translation>All stages</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="258"/>
        <source>全部短语</source>
        <translation>All phrases</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="259"/>
        <source>自己的短语</source>
        <translation>My phrases</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="263"/>
        <source>UTF-8(Excel 可直接打开)</source>
        <translation>UTF-8 (opens directly in Excel)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="264"/>
        <source>GBK(旧软件)</source>
        <translation>GBK (older software)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="267"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="270"/>
        <source>格式:</source>
        <translation>Format: </translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="271"/>
        <source>阶段:</source>
        <translation>Stage: </translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="272"/>
        <source>范围:</source>
        <translation>Scope: </translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="273"/>
        <source>CSV 编码:</source>
        <translation>CSV encoding: </translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="297"/>
        <source>已导出</source>
        <translation>Exported</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="297"/>
        <source>条短语到</source>
        <translation>phrases to</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../import_dialog.py" line="32"/>
        <source>短语包 (*.json *.csv *.tsv *.txt *.xlsx *.xls)</source>
        <translation>Phrase packs (*.json *.csv *.tsv *.txt *.xlsx *.xls)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="34"/>
        <source>跳过(保留自己的短语)</source>
        <translation>Skip (keep my phrases)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="35"/>
        <source>覆盖自己的短语</source>
        <translation>Overwrite my phrases</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="36"/>
        <source>文件较新时覆盖</source>
        <translation>Overwrite when the file is newer</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="40"/>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="41"/>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="42"/>
        <source>不变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="43"/>
        <source>跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="44"/>
        <source>拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="45"/>
        <source>移除</source>
        <translation>Removed</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="62"/>
        <location filename="../import_dialog.py" line="131"/>
        <source>导入短语包</source>
        <translation>Import phrase pack</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="73"/>
        <source>选择文件,或把文件拖到这里</source>
        <translation>Choose a file, or drag one here</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="74"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="80"/>
        <source>不符合服务规范的短语也导入</source>
        <translation>Also import phrases that break the service standard</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="0"/>
        <source>拒绝不符合服务规范的短语</source>
        <translation>Reject phrases that break the service standard</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="0"/>
        <source>不勾选时这些短语照常导入,并标为「需修改」,可在短语库里筛选出来修改</source>
        <translation>Unticked, such phrases are imported and marked “Needs fixing”; filter the library to find and fix them</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="0"/>
        <source>需修改</source>
        <translation>Needs fixing</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="0"/>
        <source>内容</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="0"/>
        <source>不符合服务规范、已标为「需修改」的短语:</source>
        <translation>Phrases that break the service standard, marked “Needs fixing”: </translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="0"/>
        <source>,可在短语库里筛选出来修改</source>
        <translation>; filter the library to find and fix them</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="87"/>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="88"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="89"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="90"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="91"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="92"/>
        <source>规范检查</source>
        <translation>Standard check</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="102"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="105"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="112"/>
        <source>与自己的短语冲突时:</source>
        <translation>On conflict with my phrases: </translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="175"/>
        <source>短语包「</source>
        <translation>Phrase pack 「</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="211"/>
        <source>导入已取消,短语库没有任何改动。</source>
        <translation>Import cancelled; the phrase library is unchanged.</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="216"/>
        <source>导入失败,短语库没有任何改动:</source>
        <translation>Import failed; the phrase library is unchanged: </translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="218"/>
        <source>导入未完成:</source>
        <translation>Not imported: </translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="218"/>
        <source>;短语库没有任何改动,可再点「导入」重试</source>
        <translation>; the phrase library is unchanged, click Import to try again</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="223"/>
        <source>导入完成:</source>
        <translation>Import finished: </translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="227"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="221"/>
        <source>导入前的短语库已备份到</source>
        <translation>The library was backed up before the import to</translation>
    </message>
</context>
<context>
    <name>LibraryWindow</name>
    <message>
        <source>没有需要修改的短语:全部符合服务规范</source>
        <translation>Nothing needs fixing: every phrase meets the service standard</translation>
    </message>
    <message>
        <location filename="../library.py" line="73"/>
        <location filename="../library.py" line="433"/>
        <source>短语库</source>
        <translation>Phrase library</translation>
    </message>
    <message>
        <location filename="../library.py" line="92"/>
        <source>搜索全部阶段:汉字、拼音、首字母或 /编码</source>
        <translation>Search all stages: Chinese, pinyin, initials or /code</translation>
    </message>
    <message>
        <location filename="../library.py" line="147"/>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../library.py" line="148"/>
        <source>粘贴到聊天窗口</source>
        <translation>Paste into chat window</translation>
    </message>
    <message>
        <location filename="../library.py" line="150"/>
        <source>从弹窗打开短语库时才能直接粘贴</source>
        <translation>Direct pasting works only when the phrase library is opened from the popup</translation>
    </message>
    <message>
        <location filename="../library.py" line="162"/>
        <source>使用场景</source>
        <translation>When to use</translation>
    </message>
    <message>
        <location filename="../library.py" line="164"/>
        <source>买家常见问法</source>
        <translation>Common buyer questions</translation>
    </message>
    <message>
        <location filename="../library.py" line="179"/>
        <location filename="../library.py" line="185"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../library.py" line="184"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../library.py" line="186"/>
        <source>复制为自己的短语</source>
        <translation>Copy to my phrases</translation>
    </message>
    <message>
        <location filename="../library.py" line="187"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../library.py" line="188"/>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../library.py" line="189"/>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../library.py" line="197"/>
        <source>移到阶段…</source>
        <translation>Move to stage…</translation>
    </message>
    <message>
        <location filename="../library.py" line="205"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../library.py" line="247"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../library.py" line="303"/>
        <source>没有匹配的短语</source>
        <translation>No matching phrase</translation>
    </message>
    <message>
        <location filename="../library.py" line="303"/>
        <source>这个阶段还没有短语</source>
        <translation>No phrases in this stage yet</translation>
    </message>
    <message>
        <location filename="../library.py" line="370"/>
        <source>我的短语</source>
        <translation>My phrases</translation>
    </message>
    <message>
        <location filename="../library.py" line="376"/>
        <source>只读</source>
        <translation>Read-only</translation>
    </message>
    <message>
        <location filename="../library.py" line="382"/>
        <source>服务规范:</source>
        <translation>Service standard: </translation>
    </message>
    <message>
        <location filename="../library.py" line="385"/>
        <source>✓ 符合服务规范</source>
        <translation>✓ Meets the service standard</translation>
    </message>
    <message>
        <location filename="../library.py" line="387"/>
        <location filename="../library.py" line="389"/>
        <source>(无)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../library.py" line="418"/>
        <source>已复制「{0}」</source>
        <translation>Copied “{0}”</translation>
    </message>
    <message>
        <location filename="../library.py" line="459"/>
        <source>已保存「{0}」</source>
        <translation>Saved “{0}”</translation>
    </message>
    <message>
        <location filename="../library.py" line="476"/>
        <source>「{0}」属于只读短语包「{1}」,不能直接修改。请先点“复制为自己的短语”,再修改副本。</source>
        <translation>“{0}” belongs to the read-only phrase pack “{1}” and cannot be changed directly. Click “Copy to my phrases” first, then edit the copy.</translation>
    </message>
    <message>
        <location filename="../library.py" line="507"/>
        <source>,快捷编码已被占用,副本暂无编码</source>
        <translation>; its shortcut code is already taken, so the copy has no code for now</translation>
    </message>
    <message>
        <location filename="../library.py" line="508"/>
        <source>已复制为自己的短语,可以编辑了</source>
        <translation>Copied to my phrases; you can edit it now</translation>
    </message>
    <message>
        <location filename="../library.py" line="523"/>
        <source>已删除「{0}」</source>
        <translation>Deleted “{0}”</translation>
    </message>
    <message>
        <location filename="../library.py" line="556"/>
        <source>已恢复「{0}」</source>
        <translation>Restored “{0}”</translation>
    </message>
    <message>
        <location filename="../library.py" line="601"/>
        <source>已移到「{0}」</source>
        <translation>Moved to “{0}”</translation>
    </message>
</context>
<context>
    <name>LintWindow</name>
    <message>
        <location filename="../lint_view.py" line="140"/>
        <source>仍不符合服务规范(</source>
        <translation>Still breaks the service standard (</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="140"/>
        <source>)。再按一次仍然使用</source>
        <translation>). Press again to use it anyway</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="42"/>
        <source>检查草稿</source>
        <translation>Check draft</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="53"/>
        <source>应用所选建议</source>
        <translation>Apply selected suggestion</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="55"/>
        <source>全部应用(&amp;A)</source>
        <translation>&amp;Apply all</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="57"/>
        <source>替换聊天框内容(&amp;R)</source>
        <translation>&amp;Replace chat box text</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="59"/>
        <source>复制(&amp;C)</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="61"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="103"/>
        <source>删除</source>
        <translation>(delete)</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="115"/>
        <source>符合服务规范</source>
        <translation>Meets the service standard</translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="117"/>
        <source>发现 </source>
        <translation>Found </translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="117"/>
        <source> 处问题,其中错误 </source>
        <translation> issues, errors: </translation>
    </message>
    <message>
        <location filename="../lint_view.py" line="125"/>
        <source>这一处没有可自动应用的建议,请手动修改</source>
        <translation>No automatic suggestion for this issue; please fix it by hand</translation>
    </message>
</context>
<context>
    <name>PhraseEditor</name>
    <message>
        <location filename="../editor.py" line="128"/>
        <source>编辑短语</source>
        <translation>Edit phrase</translation>
    </message>
    <message>
        <location filename="../editor.py" line="128"/>
        <source>新增短语</source>
        <translation>New phrase</translation>
    </message>
    <message>
        <location filename="../editor.py" line="135"/>
        <source>必填,例如:发货时间</source>
        <translation>Required, e.g. Shipping time</translation>
    </message>
    <message>
        <location filename="../editor.py" line="138"/>
        <source>可选,汉字、英文字母、数字和 _ . -,例如 fh、发货、1</source>
        <translation>Optional; Chinese characters, letters, digits and _ . -, e.g. fh, 发货, 1</translation>
    </message>
    <message>
        <location filename="../editor.py" line="140"/>
        <source>必填。可用占位符,例如 {店铺名}、{订单号?}</source>
        <translation>Required. Placeholders allowed, e.g. {店铺名}, {订单号?}</translation>
    </message>
    <message>
        <location filename="../editor.py" line="145"/>
        <source>应用</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../editor.py" line="146"/>
        <source>按建议修改选中的问题(也可以双击该行)</source>
        <translation>Fix the selected issue as suggested (or double-click the row)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="150"/>
        <source>什么时候用这条短语</source>
        <translation>When to use this phrase</translation>
    </message>
    <message>
        <location filename="../editor.py" line="152"/>
        <source>买家常见的问法,每行一个</source>
        <translation>Common buyer questions, one per line</translation>
    </message>
    <message>
        <location filename="../editor.py" line="164"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../editor.py" line="165"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../editor.py" line="175"/>
        <source>阶段:</source>
        <translation>Stage: </translation>
    </message>
    <message>
        <location filename="../editor.py" line="176"/>
        <source>标题:</source>
        <translation>Title: </translation>
    </message>
    <message>
        <location filename="../editor.py" line="177"/>
        <source>快捷编码:</source>
        <translation>Shortcut code: </translation>
    </message>
    <message>
        <location filename="../editor.py" line="178"/>
        <source>短语内容:</source>
        <translation>Phrase text: </translation>
    </message>
    <message>
        <location filename="../editor.py" line="179"/>
        <source>服务规范:</source>
        <translation>Service standard: </translation>
    </message>
    <message>
        <location filename="../editor.py" line="180"/>
        <source>使用场景:</source>
        <translation>When to use: </translation>
    </message>
    <message>
        <location filename="../editor.py" line="181"/>
        <source>买家问法:</source>
        <translation>Buyer questions: </translation>
    </message>
    <message>
        <location filename="../editor.py" line="229"/>
        <source>「{0}」→「{1}」</source>
        <translation>“{0}” → “{1}”</translation>
    </message>
    <message>
        <location filename="../editor.py" line="231"/>
        <source>删除「{0}」</source>
        <translation>Delete “{0}”</translation>
    </message>
    <message>
        <location filename="../editor.py" line="239"/>
        <source>双击或按“应用”修改</source>
        <translation>Double-click or press “Apply” to fix</translation>
    </message>
    <message>
        <location filename="../editor.py" line="242"/>
        <source>发现 {0} 处不符合服务规范</source>
        <translation>Service standard issues found: {0}</translation>
    </message>
    <message>
        <location filename="../editor.py" line="245"/>
        <source>✓ 符合服务规范</source>
        <translation>✓ Meets the service standard</translation>
    </message>
    <message>
        <location filename="../editor.py" line="298"/>
        <source>请填写标题</source>
        <translation>Please enter a title</translation>
    </message>
    <message>
        <location filename="../editor.py" line="300"/>
        <source>请填写短语内容</source>
        <translation>Please enter the phrase text</translation>
    </message>
    <message>
        <location filename="../editor.py" line="302"/>
        <source>短语内容过长(上限 {0} 字)</source>
        <translation>The phrase text is too long (at most {0} characters)</translation>
    </message>
    <message>
        <location filename="../editor.py" line="306"/>
        <source>快捷编码只能用汉字、英文字母、数字和 _ . -,并以汉字、字母或数字开头:{0}</source>
        <translation>Shortcut codes may only use Chinese characters, letters, digits and _ . - and must start with one of the first three: {0}</translation>
    </message>
    <message>
        <location filename="../editor.py" line="316"/>
        <source>不符合服务规范({0} 处错误,见上方);确需保存请再按一次“保存”</source>
        <translation>Breaks the service standard ({0} errors, see above); press Save again to save it anyway</translation>
    </message>
</context>
<context>
    <name>PhraseTableModel</name>
    <message>
        <location filename="../phrase_table.py" line="66"/>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../phrase_table.py" line="67"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../phrase_table.py" line="68"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../phrase_table.py" line="69"/>
        <source>使用次数</source>
        <translation>Uses</translation>
    </message>
    <message>
        <location filename="../phrase_table.py" line="70"/>
        <source>最近使用</source>
        <translation>Last used</translation>
    </message>
    <message>
        <location filename="../phrase_table.py" line="71"/>
        <source>短语包</source>
        <translation>Phrase pack</translation>
    </message>
    <message>
        <location filename="../phrase_table.py" line="72"/>
        <source>规范</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../phrase_table.py" line="127"/>
        <source>符合服务规范</source>
        <translation>Meets the service standard</translation>
    </message>
    <message>
        <location filename="../phrase_table.py" line="153"/>
        <source>我的短语</source>
        <translation>My phrases</translation>
    </message>
</context>
<context>
    <name>PlaceholderForm</name>
    <message>
        <location filename="../placeholder_form.py" line="62"/>
        <source>:</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../placeholder_form.py" line="73"/>
        <source>填写后按 Enter 粘贴,Tab 切换,Esc 关闭</source>
        <translation>Fill in, then Enter pastes; Tab moves, Esc closes</translation>
    </message>
    <message>
        <location filename="../placeholder_form.py" line="75"/>
        <source>;Ctrl+S 存为店铺资料,以后不再询问</source>
        <translation>; Ctrl+S keeps it in the shop profile so it is not asked again</translation>
    </message>
    <message>
        <location filename="../placeholder_form.py" line="98"/>
        <source>已存为店铺资料:</source>
        <translation>Kept in the shop profile: </translation>
    </message>
    <message>
        <location filename="../placeholder_form.py" line="98"/>
        <source>(可在 设置 → 店铺资料 修改)</source>
        <translation> (change it in Settings → Shop profile)</translation>
    </message>
    <message>
        <location filename="../placeholder_form.py" line="100"/>
        <source>先填写店铺资料,再按 Ctrl+S 保存</source>
        <translation>Fill in the shop value first, then press Ctrl+S</translation>
    </message>
    <message>
        <location filename="../placeholder_form.py" line="102"/>
        <source>Ctrl+S 只保存店铺资料;订单号等每次不同的内容不保存</source>
        <translation>Ctrl+S keeps shop-profile values only; order numbers and the like change every time</translation>
    </message>
</context>
<context>
    <name>Popup</name>
    <message>
        <location filename="../popup.py"/>
        <source>刚复制的买家消息:回车回复,直接输入即替换</source>
        <translation>The buyer's message you just copied: Enter answers it, typing replaces it</translation>
    </message>
    <message>
        <location filename="../popup.py" line="275"/>
        <source>「{0}」刚被删除(短语库已更新),没有粘贴</source>
        <translation>"{0}" was just deleted (the library was updated); nothing was pasted</translation>
    </message>
    <message>
        <location filename="../popup.py" line="116"/>
        <source>搜索短语</source>
        <translation>Search phrases</translation>
    </message>
    <message>
        <location filename="../popup.py" line="131"/>
        <source>输入汉字、拼音、首字母或 /编码,@阶段 筛选</source>
        <translation>Type Chinese, pinyin, initials or /code; @stage filters</translation>
    </message>
    <message>
        <location filename="../popup.py" line="209"/>
        <source>没有匹配的短语</source>
        <translation>No matching phrase</translation>
    </message>
    <message>
        <location filename="../popup.py" line="236"/>
        <source>服务规范:</source>
        <translation>Service standard: </translation>
    </message>
    <message>
        <location filename="../popup.py" line="250"/>
        <source>全部阶段</source>
        <translation>All stages</translation>
    </message>
    <message>
        <location filename="../popup.py" line="251"/>
        <source>阶段:</source>
        <translation>Stage: </translation>
    </message>
    <message>
        <location filename="../popup.py" line="251"/>
        <source>   (Tab 切换)</source>
        <translation>   (Tab to switch)</translation>
    </message>
    <message>
        <location filename="../popup.py" line="274"/>
        <source>短语里有无法识别的占位符:</source>
        <translation>The phrase has unknown placeholders: </translation>
    </message>
    <message>
        <location filename="../popup.py" line="276"/>
        <source>;请先修改短语,或按 Shift+Enter 复制后手动处理</source>
        <translation>; fix the phrase first, or press Shift+Enter to copy it and edit by hand</translation>
    </message>
    <message>
        <location filename="../popup.py" line="280"/>
        <source>请填写:</source>
        <translation>Please fill in: </translation>
    </message>
    <message>
        <location filename="../popup.py" line="286"/>
        <source>这条短语不符合服务规范(</source>
        <translation>This phrase breaks the service standard (</translation>
    </message>
    <message>
        <location filename="../popup.py" line="286"/>
        <source>)。再按一次 Enter 仍然使用</source>
        <translation>). Press Enter again to use it anyway</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <location filename="../profile_dialog.py" line="27"/>
        <source>填写店铺资料</source>
        <translation>Your shop profile</translation>
    </message>
    <message>
        <location filename="../profile_dialog.py" line="30"/>
        <source>默认话术会用到下面这些店铺资料。现在填好,粘贴时就不用每次再填;</source>
        <translation>The default replies use these shop details. Fill them in now and pasting will not ask for them each time; </translation>
    </message>
    <message>
        <location filename="../profile_dialog.py" line="31"/>
        <source>不知道的可以留空,以后在 设置 → 店铺资料 里修改。</source>
        <translation>leave blank what you do not know, and change them later in Settings → Shop profile.</translation>
    </message>
    <message>
        <location filename="../profile_dialog.py" line="39"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../profile_dialog.py" line="40"/>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <location filename="../../core/render.py" line="18"/>
        <source>店铺名称</source>
        <translation>Shop name</translation>
    </message>
    <message>
        <location filename="../../core/render.py" line="19"/>
        <source>客服工号</source>
        <translation>Agent number</translation>
    </message>
    <message>
        <location filename="../../core/render.py" line="20"/>
        <source>包邮金额(元)</source>
        <translation>Free shipping from (yuan)</translation>
    </message>
    <message>
        <location filename="../../core/render.py" line="21"/>
        <source>默认快递公司</source>
        <translation>Default courier</translation>
    </message>
    <message>
        <location filename="../../core/render.py" line="22"/>
        <source>当天发货的截单时间</source>
        <translation>Same-day shipping cut-off time</translation>
    </message>
    <message>
        <location filename="../profile_form.py" line="57"/>
        <source>:</source>
        <translation>: </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../settings_dialog.py"/>
        <source>带出刚复制的买家消息(秒,0 关闭)</source>
        <translation>Answer a buyer's message copied within (seconds, 0 = off)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="102"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="106"/>
        <source>快捷键</source>
        <translation>Hotkeys</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="107"/>
        <source>店铺资料</source>
        <translation>Shop profile</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="108"/>
        <source>粘贴</source>
        <translation>Paste</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="109"/>
        <source>规范检查</source>
        <translation>Standard check</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="110"/>
        <source>常规</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="115"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="116"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="138"/>
        <location filename="../settings_dialog.py" line="177"/>
        <location filename="../settings_dialog.py" line="208"/>
        <location filename="../settings_dialog.py" line="324"/>
        <location filename="../settings_dialog.py" line="346"/>
        <source>:</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="142"/>
        <source>检查</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="143"/>
        <source>试着注册这两个快捷键,看是否被其他程序占用</source>
        <translation>Try to register both hotkeys to see whether another program holds them</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="150"/>
        <source>写法如 ctrl+alt+space、ctrl+shift+f1;修饰键可用 ctrl、alt、shift、win。</source>
        <translation>Write them like ctrl+alt+space or ctrl+shift+f1; modifiers are ctrl, alt, shift and win.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="151"/>
        <source>保存后立即生效。</source>
        <translation>Takes effect when saved.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="167"/>
        <source>话术中的 {店铺名}、{包邮门槛} 等占位符会自动填成这里的值;</source>
        <translation>Placeholders such as {店铺名} and {包邮门槛} in replies are filled with these values; </translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="168"/>
        <source>留空的项在粘贴前询问。</source>
        <translation>Fields left empty are asked for before pasting.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="191"/>
        <source>默认粘贴方式:</source>
        <translation>Default paste mode: </translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="197"/>
        <source>粘贴按键:</source>
        <translation>Paste keys: </translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="213"/>
        <source>同时检查广告法极限词(如「最便宜」「第一」)</source>
        <translation>Also check Advertising-Law extreme words (such as “cheapest”, “number one”)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="221"/>
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="223"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="237"/>
        <source>额外的规则文件(*.rules.toml),在内置规则之后加载:</source>
        <translation>Extra rule files (*.rules.toml), loaded after the built-in rules:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="248"/>
        <source>界面语言:</source>
        <translation>Interface language: </translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="249"/>
        <source>界面语言在重新启动 quickreply 后生效。</source>
        <translation>The interface language changes when quickreply restarts.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="251"/>
        <source>开机启动(登录系统后自动运行 quickreply)</source>
        <translation>Start with the system (run quickreply after login)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="309"/>
        <source>两个快捷键都可以使用。</source>
        <translation>Both hotkeys are free.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="326"/>
        <source>两个快捷键不能相同。</source>
        <translation>The two hotkeys must differ.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="336"/>
        <source>无法测试快捷键:</source>
        <translation>Cannot test the hotkey: </translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="340"/>
        <source>快捷键「{0}」已被其他程序占用,请换一个组合。</source>
        <translation>The hotkey “{0}” is taken by another program; choose another combination.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="377"/>
        <source>选择规则文件</source>
        <translation>Choose rule files</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="377"/>
        <source>规则文件 (*.rules.toml);;所有文件 (*)</source>
        <translation>Rule files (*.rules.toml);;All files (*)</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="401"/>
        <source>内置规则:</source>
        <translation>Built-in rules: </translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="418"/>
        <source>无法更改开机启动:</source>
        <translation>Cannot change start with the system: </translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="65"/>
        <source>默认粘贴方式</source>
        <translation>Default paste mode</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="65"/>
        <source>粘贴按键</source>
        <translation>Paste keys</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="65"/>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message>
        <location filename="../results.py"/>
        <source>可能相关</source>
        <translation>possibly related</translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <location filename="../stats_view.py" line="238"/>
        <source>覆盖率报告…</source>
        <translation>Coverage report…</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="240"/>
        <source>选择一批买家消息,看短语库答得有把握、不确定、没有答案的各是哪些</source>
        <translation>Choose a file of buyer messages and see which ones the library answers confidently, weakly or not at all</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="225"/>
        <source>使用统计</source>
        <translation>Usage statistics</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="231"/>
        <source>最近 {0} 天</source>
        <translation>Last {0} days</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="235"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="241"/>
        <location filename="../stats_view.py" line="243"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="241"/>
        <location filename="../stats_view.py" line="243"/>
        <location filename="../stats_view.py" line="245"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="241"/>
        <location filename="../stats_view.py" line="245"/>
        <source>次数</source>
        <translation>Uses</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="241"/>
        <source>最近使用</source>
        <translation>Last used</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="244"/>
        <source>按阶段</source>
        <translation>By stage</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="245"/>
        <source>占比</source>
        <translation>Share</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="251"/>
        <source>时间范围:</source>
        <translation>Period: </translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="295"/>
        <source>{0} 至 {1}:共使用 {2} 次 · 平均每天 {3:.1f} 次 · {4} 天有使用 · 用到 {5} / {6} 条短语</source>
        <translation>{0} to {1}: {2} uses in total · {3:.1f} per day on average · used on {4} days · {5} / {6} phrases used</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="306"/>
        <source>每天使用次数(最近 {0} 天)</source>
        <translation>Uses per day (last {0} days)</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="309"/>
        <source>常用短语(前 {0} 条)</source>
        <translation>Most used phrases (top {0})</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="320"/>
        <source>未使用的短语({0} 条)</source>
        <translation>Unused phrases ({0})</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="342"/>
        <source>导出使用统计</source>
        <translation>Export usage statistics</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="344"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="355"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="355"/>
        <source>无法导出到 {0}:{1}</source>
        <translation>Cannot export to {0}: {1}</translation>
    </message>
    <message>
        <location filename="../stats_view.py" line="358"/>
        <source>已导出到 {0}</source>
        <translation>Exported to {0}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>团队…</source>
        <translation>Team…</translation>
    </message>
    <message>
        <source>团队(在线)…</source>
        <translation>Team (online)…</translation>
    </message>
    <message>
        <source>团队(离线,稍后重试)…</source>
        <translation>Team (offline, retrying)…</translation>
    </message>
    <message>
        <location filename="../tray.py" line="53"/>
        <location filename="../tray.py" line="81"/>
        <source>搜索短语</source>
        <translation>Search phrases</translation>
    </message>
    <message>
        <location filename="../tray.py" line="54"/>
        <source>短语库</source>
        <translation>Phrase library</translation>
    </message>
    <message>
        <location filename="../tray.py" line="55"/>
        <source>使用统计</source>
        <translation>Usage statistics</translation>
    </message>
    <message>
        <location filename="../tray.py" line="56"/>
        <source>导入短语包…</source>
        <translation>Import phrase pack…</translation>
    </message>
    <message>
        <location filename="../tray.py" line="57"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../tray.py" line="58"/>
        <location filename="../tray.py" line="84"/>
        <source>暂停热键</source>
        <translation>Pause hotkey</translation>
    </message>
    <message>
        <location filename="../tray.py" line="59"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../tray.py" line="60"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../tray.py" line="84"/>
        <source>恢复热键</source>
        <translation>Resume hotkey</translation>
    </message>
</context>
<context>
    <name>LibraryEditing</name>
    <message>
        <location filename="../library_editing.py" line="140"/>
        <source>,快捷编码已被占用,副本暂无编码</source>
        <translation>; its shortcut code is already taken, so the copy has no code for now</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="123"/>
        <source>「{0}」属于只读短语包「{1}」,不能直接修改。请先点“复制为自己的短语”,再修改副本。</source>
        <translation>“{0}” belongs to the read-only phrase pack “{1}” and cannot be changed directly. Click “Copy to my phrases” first, then edit the copy.</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="41"/>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="42"/>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="40"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="39"/>
        <source>复制为自己的短语</source>
        <translation>Copy to my phrases</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="107"/>
        <source>已保存「{0}」</source>
        <translation>Saved “{0}”</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="154"/>
        <source>已删除「{0}」</source>
        <translation>Deleted “{0}”</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="141"/>
        <source>已复制为自己的短语,可以编辑了</source>
        <translation>Copied to my phrases; you can edit it now</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="168"/>
        <source>已恢复「{0}」</source>
        <translation>Restored “{0}”</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="209"/>
        <source>已移到「{0}」</source>
        <translation>Moved to “{0}”</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="57"/>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="37"/>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="50"/>
        <source>移到阶段…</source>
        <translation>Move to stage…</translation>
    </message>
    <message>
        <location filename="../library_editing.py" line="38"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
</context>
<context>
    <name>PhraseDetail</name>
    <message>
        <source>一键修改</source>
        <translation>Fix</translation>
    </message>
    <message>
        <source>选择修改方式</source>
        <translation>Choose a fix</translation>
    </message>
    <message>
        <source>需修改,不符合服务规范:</source>
        <translation>Needs fixing, breaks the service standard:</translation>
    </message>
    <message>
        <source>服务规范提示:</source>
        <translation>Service standard notes:</translation>
    </message>
    <message>
        <location filename="../phrase_detail.py" line="84"/>
        <source>(无)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../phrase_detail.py" line="80"/>
        <source>✓ 符合服务规范</source>
        <translation>✓ Meets the service standard</translation>
    </message>
    <message>
        <location filename="../phrase_detail.py" line="50"/>
        <source>买家常见问法</source>
        <translation>Common buyer questions</translation>
    </message>
    <message>
        <location filename="../phrase_detail.py" line="48"/>
        <source>使用场景</source>
        <translation>When to use</translation>
    </message>
    <message>
        <location filename="../phrase_detail.py" line="77"/>
        <source>服务规范:</source>
        <translation>Service standard: </translation>
    </message>
</context>
<context>
    <name>StageTree</name>
    <message>
        <source>需修改</source>
        <translation>Needs fixing</translation>
    </message>
    <message>
        <source>不符合当前服务规范(错误级)的短语:逐条查看,一键修改</source>
        <translation>Phrases that break the service standard in force (errors): review them one by one, fix them in one click</translation>
    </message>
    <message>
        <location filename="../stage_tree.py" line="31"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
</context>
<context>
    <name>RuleFilesEditor</name>
    <message>
        <location filename="../rule_files.py" line="33"/>
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../rule_files.py" line="35"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../rule_files.py" line="66"/>
        <source>规则文件 (*.rules.toml);;所有文件 (*)</source>
        <translation>Rule files (*.rules.toml);;All files (*)</translation>
    </message>
    <message>
        <location filename="../rule_files.py" line="66"/>
        <source>选择规则文件</source>
        <translation>Choose rule files</translation>
    </message>
    <message>
        <location filename="../rule_files.py" line="47"/>
        <source>额外的规则文件(*.rules.toml),在内置规则之后加载:</source>
        <translation>Extra rule files (*.rules.toml), loaded after the built-in rules:</translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <location filename="../coverage_view.py" line="91"/>
        <source>正在逐条搜索买家消息…</source>
        <translation>Searching the buyer messages one by one…</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="92"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="54"/>
        <source>选择买家消息文件</source>
        <translation>Choose a file of buyer messages</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="56"/>
        <source>买家消息 (*.txt *.csv *.tsv *.xlsx *.xls);;所有文件 (*)</source>
        <translation>Buyer messages (*.txt *.csv *.tsv *.xlsx *.xls);;All files (*)</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="73"/>
        <source>无法生成覆盖率报告</source>
        <translation>Cannot make the coverage report</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="91"/>
        <source>覆盖率报告 - {0}</source>
        <translation>Coverage report - {0}</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="93"/>
        <source>有把握</source>
        <translation>Confident</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="94"/>
        <source>不确定</source>
        <translation>Weak</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="95"/>
        <source>没有答案</source>
        <translation>No answer</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="104"/>
        <source>{0} 条买家消息:{1};跳过 {2} 行</source>
        <translation>{0} buyer messages: {1}; {2} lines skipped</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="109"/>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="113"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="114"/>
        <source>买家消息</source>
        <translation>Buyer message</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="115"/>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="116"/>
        <source>最佳短语</source>
        <translation>Best phrase</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="117"/>
        <source>其次</source>
        <translation>Next best</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="118"/>
        <source>行号</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="180"/>
        <source>导出覆盖率报告</source>
        <translation>Export coverage report</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="180"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="191"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="191"/>
        <source>无法导出到 {0}:{1}</source>
        <translation>Cannot export to {0}: {1}</translation>
    </message>
    <message>
        <location filename="../coverage_view.py" line="194"/>
        <source>已导出到 {0}</source>
        <translation>Exported to {0}</translation>
    </message>
</context>
<context>
    <name>LibraryFixes</name>
    <message>
        <source>一键修改</source>
        <translation>Fix</translation>
    </message>
    <message>
        <source>复制为自己的短语并修改</source>
        <translation>Copy as my own and fix</translation>
    </message>
    <message>
        <source>查看修改好的副本</source>
        <translation>Show the fixed copy</translation>
    </message>
    <message>
        <source>一键修改后:</source>
        <translation>After the fix: </translation>
    </message>
    <message>
        <source>「{0}」改为「{1}」</source>
        <translation>Change “{0}” to “{1}”</translation>
    </message>
    <message>
        <source>删除「{0}」</source>
        <translation>Delete “{0}”</translation>
    </message>
    <message>
        <source>已有修改好的副本「{0}」,已为您选中</source>
        <translation>A fixed copy “{0}” exists already; it is selected</translation>
    </message>
    <message>
        <source>没有可以自动修改的地方</source>
        <translation>Nothing can be fixed automatically</translation>
    </message>
    <message>
        <source>已复制为自己的短语并修改「{0}」:{1}(只读短语包里的原短语不变,仍列在需修改中)</source>
        <translation>Copied as your own and fixed “{0}”: {1} (the read-only pack’s phrase is unchanged and stays under Needs fixing)</translation>
    </message>
    <message>
        <source>已修改「{0}」:{1}</source>
        <translation>Fixed “{0}”: {1}</translation>
    </message>
    <message>
        <source>;还需人工修改:</source>
        <translation>; still to be fixed by hand: </translation>
    </message>
    <message>
        <source>已撤销对「{0}」的修改</source>
        <translation>Undid the fix of “{0}”</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <source>离开团队后,本机不再同步团队的短语包,也不再上传使用记录。</source>
        <translation>After leaving, this computer no longer syncs the team's phrase packs or uploads usage records. </translation>
    </message>
    <message>
        <source>团队</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>加入团队后,培训师发布的短语包会同步到本机,你的使用记录会上传到团队服务器,培训师可以看到全店的使用统计。
请向培训师要团队服务器的地址,粘贴到下面。</source>
        <translation>In a team, the phrase packs your trainer publishes are synced to this computer, and your usage records are uploaded to the team server, where the trainer sees the whole shop's usage.
Ask your trainer for the team server's address and paste it below.</translation>
    </message>
    <message>
        <source>加入</source>
        <translation>Join</translation>
    </message>
    <message>
        <source>服务器:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>用户:</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>连接:</source>
        <translation>Connection:</translation>
    </message>
    <message>
        <source>待上传:</source>
        <translation>To upload:</translation>
    </message>
    <message>
        <source>上次同步:</source>
        <translation>Last sync:</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>发布短语包…</source>
        <translation>Publish a phrase pack…</translation>
    </message>
    <message>
        <source>把一个短语包文件发布为团队的新版本(只有培训师可以发布)</source>
        <translation>Publish a phrase pack file as the team's new version (trainers only)</translation>
    </message>
    <message>
        <source>离开团队</source>
        <translation>Leave the team</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>已加入团队</source>
        <translation>Joined the team</translation>
    </message>
    <message>
        <source>培训师</source>
        <translation>trainer</translation>
    </message>
    <message>
        <source>客服</source>
        <translation>agent</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>选择要发布的短语包</source>
        <translation>Choose the phrase pack to publish</translation>
    </message>
    <message>
        <source>团队服务器地址:</source>
        <translation>Team server address:</translation>
    </message>
    <message>
        <source>短语包</source>
        <translation>Pack</translation>
    </message>
    <message>
        <source>团队版本</source>
        <translation>Team version</translation>
    </message>
    <message>
        <source>发布时间</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>本机版本</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>短语包:</source>
        <translation>Phrase packs:</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>还没有同步过</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>确定离开吗?</source>
        <translation>Leave the team?</translation>
    </message>
    <message>
        <source>{0} 条使用记录</source>
        <translation>{0} usage records</translation>
    </message>
    <message>
        <source>本机还没有</source>
        <translation>Not here yet</translation>
    </message>
    <message>
        <source>同步完成:</source>
        <translation>Synced: </translation>
    </message>
    <message>
        <source>已发布「{0}」第 {1} 版,客服同步后就会用上</source>
        <translation>Published “{0}” version {1}; agents get it with their next sync</translation>
    </message>
    <message>
        <source>还有 {0} 条使用记录没有上传。</source>
        <translation>{0} usage records are not uploaded yet. </translation>
    </message>
    <message>
        <source>请填写团队服务器地址,例如 {0}</source>
        <translation>Enter the team server's address, for example {0}</translation>
    </message>
    <message>
        <source>加入失败:</source>
        <translation>Could not join: </translation>
    </message>
    <message>
        <source>读取团队状态失败:</source>
        <translation>Could not read the team's state: </translation>
    </message>
    <message>
        <source>已是最新</source>
        <translation>Up to date</translation>
    </message>
    <message>
        <source>待更新</source>
        <translation>Update waiting</translation>
    </message>
    <message>
        <source>第 {0} 版</source>
        <translation>version {0}</translation>
    </message>
    <message>
        <source>同步失败:</source>
        <translation>Sync failed: </translation>
    </message>
    <message>
        <source>「{0}」更新到第 {1} 版</source>
        <translation>“{0}” updated to version {1}</translation>
    </message>
    <message>
        <source>短语包已是最新</source>
        <translation>the phrase packs are up to date</translation>
    </message>
    <message>
        <source>;上传了 {0} 条使用记录</source>
        <translation>; {0} usage records uploaded</translation>
    </message>
    <message>
        <source>离开团队失败:</source>
        <translation>Could not leave the team: </translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <source>发布短语包</source>
        <translation>Publish a phrase pack</translation>
    </message>
    <message>
        <source>这一版改了什么,例如:改了催付话术</source>
        <translation>What this version changes, e.g. new payment reminder wording</translation>
    </message>
    <message>
        <source>发布</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>文件:</source>
        <translation>File: </translation>
    </message>
    <message>
        <source>版本说明:</source>
        <translation>Version notes:</translation>
    </message>
    <message>
        <source>将发布为「{0}」第 {1} 版:新增 {2} 条,修改 {3} 条,删除 {4} 条</source>
        <translation>Will be published as “{0}” version {1}: {2} added, {3} changed, {4} removed</translation>
    </message>
    <message>
        <source>新增({0})</source>
        <translation>Added ({0})</translation>
    </message>
    <message>
        <source>修改({0})</source>
        <translation>Changed ({0})</translation>
    </message>
    <message>
        <source>删除({0})</source>
        <translation>Removed ({0})</translation>
    </message>
    <message>
        <source>无法预览:</source>
        <translation>Cannot preview: </translation>
    </message>
    <message>
        <source>与团队当前的「{0}」相比没有改动,不需要发布</source>
        <translation>Nothing changed against the team's current “{0}”; there is nothing to publish</translation>
    </message>
    <message>
        <source>不符合服务规范的短语({0} 条)</source>
        <translation>Phrases that break the service standard ({0})</translation>
    </message>
    <message>
        <source>发布失败:</source>
        <translation>Publishing failed: </translation>
    </message>
</context>
<context>
    <name>TeamStatsView</name>
    <message>
        <source>团队统计</source>
        <translation>Team statistics</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>导出 XLSX…</source>
        <translation>Export XLSX…</translation>
    </message>
    <message>
        <source>短语包</source>
        <translation>Pack</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>客服</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>短语</source>
        <translation>Phrases</translation>
    </message>
    <message>
        <source>从未使用</source>
        <translation>Never used</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>导出团队统计</source>
        <translation>Export team statistics</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>使用次数</source>
        <translation>Uses</translation>
    </message>
    <message>
        <source>检查草稿</source>
        <translation>Drafts checked</translation>
    </message>
    <message>
        <source>违规</source>
        <translation>Violations</translation>
    </message>
    <message>
        <source>按规则</source>
        <translation>By rule</translation>
    </message>
    <message>
        <source>粘贴用时中位(秒)</source>
        <translation>Median s to paste</translation>
    </message>
    <message>
        <source>对照 KPI</source>
        <translation>Against KPI</translation>
    </message>
    <message>
        <source>首次使用</source>
        <translation>First use</translation>
    </message>
    <message>
        <source>最近使用</source>
        <translation>Last use</translation>
    </message>
    <message>
        <source>使用客服</source>
        <translation>Agents</translation>
    </message>
    <message>
        <source>发布时间</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>发布人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>短语数</source>
        <translation>Phrases</translation>
    </message>
    <message>
        <source>改动短语</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>改动短语使用次数</source>
        <translation>Uses of changed</translation>
    </message>
    <message>
        <source>用过改动的客服</source>
        <translation>Agents using changed</translation>
    </message>
    <message>
        <source>这一版相对上一版新增或修改的短语数</source>
        <translation>Phrases added or changed in this version against the previous one</translation>
    </message>
    <message>
        <source>新话术有没有人用:改动过的短语被使用的次数</source>
        <translation>Is the new wording used: uses of the phrases this version changed</translation>
    </message>
    <message>
        <source>时间范围:</source>
        <translation>Range:</translation>
    </message>
    <message>
        <source>{0} 起 {1} 天 · {2} 位客服 · 共使用 {3} 次 · 统计于 {4}</source>
        <translation>{1} days from {0} · {2} agents · {3} uses · counted {4}</translation>
    </message>
    <message>
        <source>KPI 标准:首次响应 {0} 秒内;平均响应 ≤{1} 秒满分,约 {2} 秒为一般,熟练客服 20–30 秒。
「对照 KPI」:≤{0} 秒 好,≤{1} 秒 合格,更慢 需关注。粘贴用时(按快捷键到粘贴)只是响应时间的一部分,还要加上读消息和打字的时间。</source>
        <translation>KPI: first reply within {0} s; an average response of ≤{1} s scores full, about {2} s is normal, skilled agents take 20–30 s.
“Against KPI”: ≤{0} s good, ≤{1} s ok, slower needs attention. Seconds to paste (hotkey to paste) are only part of the response time; reading the message and typing come on top.</translation>
    </message>
    <message>
        <source>最近 {0} 天</source>
        <translation>Last {0} days</translation>
    </message>
    <message>
        <source>(仍显示 {0} 取得的数据)</source>
        <translation> (still showing the figures of {0})</translation>
    </message>
    <message>
        <source>刷新失败:</source>
        <translation>Refresh failed: </translation>
    </message>
    <message>
        <source>粘贴用时中位 {0} 秒</source>
        <translation>Median {0} s to paste</translation>
    </message>
    <message>
        <source>好</source>
        <translation>good</translation>
    </message>
    <message>
        <source>合格</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>需关注</source>
        <translation>needs attention</translation>
    </message>
</context>
<context>
    <name>ModeSwitch</name>
    <message>
        <source>我的</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>团队</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>我的:本机的使用统计;团队:全店客服的使用统计(来自团队服务器)</source>
        <translation>Mine: this computer's usage; Team: the whole shop's agents (from the team server)</translation>
    </message>
</context>
</TS>
