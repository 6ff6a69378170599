/* Leaflet.draw's toolbar and tooltips in Chinese on a Chinese page (<html lang="zh-...">); an
   English page keeps the library's own English. Loaded after leaflet.draw.js, before zones.js. */
(function () {
  "use strict";
  if (!window.L || !L.drawLocal || !/^zh/i.test(document.documentElement.lang || "")) return;
  var d = L.drawLocal.draw, e = L.drawLocal.edit;
  d.toolbar.actions = {title: "取消绘制", text: "取消"};
  d.toolbar.finish = {title: "完成绘制", text: "完成"};
  d.toolbar.undo = {title: "删除最后绘制的点", text: "删除最后一个点"};
  d.toolbar.buttons = {polyline: "绘制折线", polygon: "绘制多边形", rectangle: "绘制矩形",
                       circle: "绘制圆", marker: "放置标记", circlemarker: "放置圆形标记"};
  d.handlers.circle.tooltip.start = "按住并拖动以绘制圆";
  d.handlers.circle.radius = "半径";
  d.handlers.circlemarker.tooltip.start = "点击地图放置圆形标记";
  d.handlers.marker.tooltip.start = "点击地图放置标记";
  d.handlers.polygon.tooltip = {start: "点击开始绘制形状", cont: "点击继续绘制形状",
                                end: "点击第一个点以闭合形状"};
  d.handlers.polyline.error = "<strong>错误：</strong>形状的边不能相交！";
  d.handlers.polyline.tooltip = {start: "点击开始绘制线", cont: "点击继续绘制线", end: "点击最后一个点以结束线"};
  d.handlers.rectangle.tooltip.start = "按住并拖动以绘制矩形";
  d.handlers.simpleshape.tooltip.end = "松开鼠标完成绘制";
  e.toolbar.actions = {save: {title: "保存修改", text: "保存"}, cancel: {title: "取消编辑，放弃所有修改", text: "取消"},
                       clearAll: {title: "清除所有图层", text: "全部清除"}};
  e.toolbar.buttons = {edit: "编辑图层", editDisabled: "没有可编辑的图层", remove: "删除图层",
                       removeDisabled: "没有可删除的图层"};
  e.handlers.edit.tooltip = {text: "拖动控制点或标记以编辑要素", subtext: "点击取消以撤销修改"};
  e.handlers.remove.tooltip = {text: "点击要素以删除"};
}());
