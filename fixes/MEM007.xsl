<?xml version="1.0" encoding="UTF-8"?>
<!-- MEM007 hugepages-conflict: remove what libvirt rejects next to
     <hugepages>: <source type='anonymous'/> and allocation mode='ondemand'
     (an allocation with threads keeps them and becomes mode='immediate',
     what libvirt does with huge pages by default; MEM005 then has nothing
     to change on it).
     Contract: docs/fixes.md (identity transform + templates for the change). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- Identity: everything not matched below is copied unchanged. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Speed: top-level elements this fix never changes are copied whole
       (copy-of keeps the fixer's tracking attributes). -->
  <xsl:template match="domain/*[not(self::memoryBacking)]" priority="-0.25">
    <xsl:copy-of select="."/>
  </xsl:template>

  <xsl:template match="domain/memoryBacking[hugepages]/source[@type='anonymous']"/>
  <xsl:template match="domain/memoryBacking[hugepages]/allocation[@mode='ondemand'][not(@threads)]"/>
  <xsl:template match="domain/memoryBacking[hugepages]/allocation[@mode='ondemand']/@mode">
    <xsl:attribute name="mode">immediate</xsl:attribute>
  </xsl:template>
</xsl:stylesheet>
