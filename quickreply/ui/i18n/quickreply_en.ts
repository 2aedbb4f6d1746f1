<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Popup</name>
    <message>
        <location filename="../popup.py" line="124"/>
        <source>搜索短语</source>
        <translation>Search phrases</translation>
    </message>
    <message>
        <location filename="../popup.py" line="139"/>
        <source>输入汉字、拼音、首字母或 /编码,@阶段 筛选</source>
        <translation>Type Chinese, pinyin, initials or /code; @stage filters</translation>
    </message>
    <message>
        <location filename="../popup.py" line="198"/>
        <source>没有匹配的短语</source>
        <translation>No matching phrase</translation>
    </message>
    <message>
        <location filename="../popup.py" line="225"/>
        <source>服务规范:</source>
        <translation>Service standard: </translation>
    </message>
    <message>
        <location filename="../popup.py" line="239"/>
        <source>全部阶段</source>
        <translation>All stages</translation>
    </message>
    <message>
        <location filename="../popup.py" line="240"/>
        <source>阶段:</source>
        <translation>Stage: </translation>
    </message>
    <message>
        <location filename="../popup.py" line="240"/>
        <source>   (Tab 切换)</source>
        <translation>   (Tab to switch)</translation>
    </message>
    <message>
        <location filename="../popup.py" line="263"/>
        <source>短语里有无法识别的占位符:</source>
        <translation>The phrase has unknown placeholders: </translation>
    </message>
    <message>
        <location filename="../popup.py" line="265"/>
        <source>;请先修改短语,或按 Shift+Enter 复制后手动处理</source>
        <translation>; fix the phrase first, or press Shift+Enter to copy it and edit by hand</translation>
    </message>
    <message>
        <location filename="../popup.py" line="269"/>
        <source>请填写:</source>
        <translation>Please fill in: </translation>
    </message>
    <message>
        <location filename="../popup.py" line="275"/>
        <source>这条短语不符合服务规范(</source>
        <translation>This phrase breaks the service standard (</translation>
    </message>
    <message>
        <location filename="../popup.py" line="275"/>
        <source>)。再按一次 Enter 仍然使用</source>
        <translation>). Press Enter again to use it anyway</translation>
    </message>
    <message>
        <location filename="../popup.py" line="298"/>
        <source>填写后按 Enter 粘贴,Tab 切换,Esc 返回</source>
        <translation>Fill in, then Enter pastes; Tab moves, Esc goes back</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
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
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../tray.py" line="51"/>
        <location filename="../tray.py" line="78"/>
        <source>搜索短语</source>
        <translation>Search phrases</translation>
    </message>
    <message>
        <location filename="../tray.py" line="52"/>
        <source>短语库</source>
        <translation>Phrase library</translation>
    </message>
    <message>
        <location filename="../tray.py" line="53"/>
        <source>导入短语包…</source>
        <translation>Import phrase pack…</translation>
    </message>
    <message>
        <location filename="../tray.py" line="54"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../tray.py" line="55"/>
        <location filename="../tray.py" line="81"/>
        <source>暂停热键</source>
        <translation>Pause hotkey</translation>
    </message>
    <message>
        <location filename="../tray.py" line="56"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../tray.py" line="57"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../tray.py" line="81"/>
        <source>恢复热键</source>
        <translation>Resume hotkey</translation>
    </message>
</context>
</TS>
